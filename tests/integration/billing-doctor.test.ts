import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { planBilling } from '@/lib/billing/setup';
import { billingCatalog } from '@/lib/db/schema';
import { billingWorldFor, ownBillingDatabaseForFile, startBillingWorld } from '../support/billing';
import { testBillingConfig as billingConfig } from '../support/billing-config';
import { apply, changedSteps, editedConfig, listAll, portalConfiguration, stepFor } from '../support/billing-setup';

// `npm run stripe:doctor` (planBilling) against the emulator: drift made in Stripe is reported,
// and planning stays within Stripe's request limits. (Applying a config: billing-setup.test.ts.)

// One database for the file (its own: billing_catalog is keyed by config key, so no other
// test file may write it meanwhile); each scenario that changes Stripe gets a fresh emulator.
const handle = await ownBillingDatabaseForFile();

describe('planBilling reports drift made in Stripe (stripe:doctor)', () => {
  const world = billingWorldFor({ database: handle });

  it('a product renamed and archived, a promotion code deactivated and a portal feature switched off in Stripe → one update step each, which applyBilling repairs in place', async () => {
    const { resolved } = world.setup;
    await world.stripe.products.update(resolved.product.get('team')!, { name: 'Team (old)', active: false });
    await world.stripe.promotionCodes.update(resolved.promotion_code.get('SWITCH10')!, { active: false });
    await world.stripe.billingPortal.configurations.update(resolved.portal_configuration.get('default')!, {
      features: { invoice_history: { enabled: false } },
    });

    const drift = await planBilling(world.stripe, billingConfig);
    expect(changedSteps(drift).map((step) => `${step.status} ${step.kind} ${step.key}: ${step.changes.join('; ')}`)).toEqual([
      'update product team: name: "Team (old)" → "Team"; active: false → true',
      'update promotion_code SWITCH10: active: false → true',
      'update portal_configuration default: invoiceHistory: false → true',
    ]);

    await apply(world.stripe, handle.db, billingConfig);
    expect(changedSteps(await planBilling(world.stripe, billingConfig))).toEqual([]);
    expect(await world.stripe.products.retrieve(resolved.product.get('team')!)).toMatchObject({ name: 'Team', active: true });
    expect((await world.stripe.promotionCodes.retrieve(resolved.promotion_code.get('SWITCH10')!)).active).toBe(true);
    const configuration = await portalConfiguration(world.stripe, resolved.portal_configuration.get('default')!);
    expect(configuration.features.invoice_history.enabled).toBe(true);
    // Repairs reuse the existing objects: nothing was created.
    expect(await listAll(world.stripe.products.list({ limit: 100 }))).toHaveLength(3);
    expect(await listAll(world.stripe.promotionCodes.list({ limit: 100 }))).toHaveLength(1);
    expect(await listAll(world.stripe.billingPortal.configurations.list({ limit: 100 }))).toHaveLength(1);
  });

  it('a price archived in Stripe → only that price is reported (active: false → true), and applyBilling reactivates the same price', async () => {
    const archived = world.priceId('starter_yearly');
    await world.stripe.prices.update(archived, { active: false });

    const drift = await planBilling(world.stripe, billingConfig);
    // Reactivating keeps the price id, so the portal configuration offering it has not drifted.
    expect(changedSteps(drift).map((step) => `${step.status} ${step.kind} ${step.key}: ${step.changes.join('; ')}`)).toEqual([
      'update price starter_yearly: active: false → true',
    ]);

    const { resolved } = await apply(world.stripe, handle.db, billingConfig);
    expect(resolved.price.get('starter_yearly')).toBe(archived);
    expect((await world.stripe.prices.retrieve(archived)).active).toBe(true);
    expect(changedSteps(await planBilling(world.stripe, billingConfig))).toEqual([]);
  });

  it('an active SWITCH10 code for another coupon already in Stripe → conflict, left alone, and not recorded in billing_catalog', async () => {
    const taken = await startBillingWorld({ database: handle, apply: false });
    try {
      await taken.stripe.coupons.create({ id: 'half_off_forever', percent_off: 50, duration: 'forever' });
      const foreign = await taken.stripe.promotionCodes.create({
        code: 'SWITCH10',
        promotion: { type: 'coupon', coupon: 'half_off_forever' },
      });
      const { steps } = await apply(taken.stripe, handle.db, billingConfig);
      const step = stepFor(steps, 'promotion_code', 'SWITCH10');
      expect(step.status).toBe('conflict');
      expect(step.changes[0]).toContain('applies coupon half_off_forever, not switch_10_off_once');
      expect(await listAll(taken.stripe.promotionCodes.list({ code: 'SWITCH10', limit: 100 }))).toEqual([
        expect.objectContaining({ id: foreign.id, active: true }),
      ]);
      // The pricing page offers SWITCH10 from the catalog; it must not hand out the 50% code.
      const rows = await handle.db.select().from(billingCatalog);
      expect(rows.find((row) => row.kind === 'promotion_code' && row.key === 'SWITCH10')?.stripeId).not.toBe(foreign.id);
    } finally {
      await taken.close();
    }
  });

  it('an empty Stripe → every object is reported as missing (create)', async () => {
    const empty = await startBillingWorld({ database: handle, apply: false });
    try {
      const steps = await planBilling(empty.stripe, billingConfig);
      expect(new Set(steps.map((step) => step.status))).toEqual(new Set(['create']));
      expect(steps).toHaveLength(13);
    } finally {
      await empty.close();
    }
  });
});

describe('planBilling within Stripe’s request limits', () => {
  it('a config with 12 prices → no price list asks for more than 10 lookup keys (Stripe’s limit), and every price is found again', async () => {
    const large = editedConfig((input) => {
      for (const key of ['scale', 'enterprise']) {
        input.products.push({
          key,
          name: key,
          prices: [900, 1900, 2900].map((unitAmount) => ({ lookupKey: `${key}_${unitAmount}`, unitAmount, interval: 'month' as const })),
        });
      }
    });
    expect(large.products.flatMap((product) => product.prices)).toHaveLength(12);
    const world = await startBillingWorld({ database: handle, apply: false });
    const lookupKeysPerRequest: number[] = [];
    world.stripe.on('request', (request: Stripe.RequestEvent) => {
      const [path, query = ''] = request.path.split('?');
      if (request.method !== 'GET' || path !== '/v1/prices') return;
      const keys = [...new URLSearchParams(query).keys()].filter((name) => name.startsWith('lookup_keys'));
      lookupKeysPerRequest.push(keys.length);
    });
    try {
      await apply(world.stripe, handle.db, large);
      const again = await planBilling(world.stripe, large);
      expect(changedSteps(again)).toEqual([]);
      expect(lookupKeysPerRequest.length).toBeGreaterThan(0);
      expect(Math.max(...lookupKeysPerRequest)).toBeLessThanOrEqual(10);
    } finally {
      await world.close();
    }
  });
});
