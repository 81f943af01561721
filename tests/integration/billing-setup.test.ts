import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_KEY, planBilling, type PlanStep } from '@/lib/billing/setup';
import { defaultText } from '@/lib/i18n/localized-text';
import { billingCatalog } from '@/lib/db/schema';
import { type BillingWorld, billingWorldFor, ownBillingDatabaseForFile, startBillingWorld } from '../support/billing';
import { testBillingConfig as billingConfig } from '../support/billing-config';
import {
  allLookupKeys,
  apply,
  changedSteps,
  editedConfig,
  listAll,
  portalConfiguration,
  statusesOf,
  stepFor,
  writesSince,
} from '../support/billing-setup';

// `npm run stripe:setup` (applyBilling) and `npm run stripe:doctor` (planBilling) against
// the emulator: a billing config (the tests' own, ../support/billing-config.ts) becomes
// Stripe objects once, later runs change only what the config changed, and drift made in
// Stripe is reported.

// One database for the file (its own: billing_catalog is keyed by config key, so no other
// test file may write it meanwhile); each scenario that changes Stripe gets a fresh emulator.
const handle = await ownBillingDatabaseForFile();

describe('applyBilling on a fresh Stripe', () => {
  const world = billingWorldFor({ database: handle });

  it('plans a create step for every declared object, in dependency order', () => {
    expect(statusesOf(world.setup.steps)).toEqual([
      'create product starter',
      'create product pro',
      'create product team',
      ...allLookupKeys.map((lookupKey) => `create price ${lookupKey}`),
      'create coupon stay_25_off_3_months',
      'create coupon switch_10_off_once',
      'create promotion_code SWITCH10',
      'create portal_configuration default',
    ]);
  });

  it('creates each product with its name, English description and config key in metadata', async () => {
    const products = await listAll(world.stripe.products.list({ limit: 100 }));
    expect(products).toHaveLength(billingConfig.products.length);
    for (const product of billingConfig.products) {
      const created = products.find((candidate) => candidate.id === world.setup.resolved.product.get(product.key));
      expect(created).toMatchObject({
        name: product.name,
        // billing.config.ts may give a description per language; Stripe's product has one, the default's.
        description: defaultText(product.description),
        active: true,
        metadata: { [CONFIG_KEY]: product.key },
      });
    }
  });

  it('creates each price under its product with its lookup key, amount, currency and interval', async () => {
    const prices = await listAll(world.stripe.prices.list({ lookup_keys: allLookupKeys, limit: 100 }));
    expect(prices).toHaveLength(allLookupKeys.length);
    for (const product of billingConfig.products) {
      for (const price of product.prices) {
        expect(prices.find((candidate) => candidate.lookup_key === price.lookupKey)).toMatchObject({
          id: world.priceId(price.lookupKey),
          product: world.setup.resolved.product.get(product.key),
          unit_amount: price.unitAmount,
          currency: 'usd',
          recurring: { interval: price.interval },
          active: true,
        });
      }
    }
  });

  it('creates the coupons under their configured ids with their terms', async () => {
    expect(await world.stripe.coupons.retrieve('stay_25_off_3_months')).toMatchObject({
      name: '25% off for 3 months',
      percent_off: 25,
      duration: 'repeating',
      duration_in_months: 3,
    });
    expect(await world.stripe.coupons.retrieve('switch_10_off_once')).toMatchObject({
      name: '10% off your next invoice',
      percent_off: 10,
      duration: 'once',
    });
  });

  it('creates the active promotion code SWITCH10 for the switch_10_off_once coupon', async () => {
    const codes = await listAll(world.stripe.promotionCodes.list({ code: 'SWITCH10', limit: 100 }));
    expect(codes).toHaveLength(1);
    expect(codes[0]).toMatchObject({
      id: world.setup.resolved.promotion_code.get('SWITCH10'),
      code: 'SWITCH10',
      active: true,
      promotion: { type: 'coupon', coupon: 'switch_10_off_once' },
    });
  });

  it('creates the default portal configuration with the configured features and every plan price', async () => {
    const configuration = await portalConfiguration(world.stripe, world.setup.resolved.portal_configuration.get('default')!);
    const portal = billingConfig.portalConfigurations.default!;
    expect(configuration).toMatchObject({
      active: true,
      name: portal.name,
      metadata: { [CONFIG_KEY]: 'default' },
      business_profile: { headline: portal.headline },
      features: {
        invoice_history: { enabled: true },
        payment_method_update: { enabled: true },
        customer_update: { enabled: true },
        subscription_cancel: {
          enabled: true,
          mode: 'at_period_end',
          proration_behavior: 'none',
          cancellation_reason: { enabled: true },
        },
        subscription_update: {
          enabled: true,
          proration_behavior: 'create_prorations',
        },
      },
    });
    const features = configuration.features;
    expect([...features.customer_update.allowed_updates].sort()).toEqual(['address', 'email', 'name']);
    expect([...features.subscription_cancel.cancellation_reason.options].sort()).toEqual([...portal.subscriptionCancel!.reasons].sort());
    expect([...features.subscription_update.default_allowed_updates].sort()).toEqual(['price', 'promotion_code']);
    expect(features.subscription_update.products?.map((entry) => ({ product: entry.product, prices: entry.prices }))).toEqual(
      billingConfig.products.map((product) => ({
        product: world.setup.resolved.product.get(product.key),
        prices: product.prices.map((price) => world.priceId(price.lookupKey)),
      })),
    );
  });

  it('records every Stripe id in billing_catalog under its kind and config key', async () => {
    const rows = await handle.db.select().from(billingCatalog);
    const stored = Object.fromEntries(rows.map((row) => [`${row.kind}:${row.key}`, { stripeId: row.stripeId, active: row.active }]));
    const expected = Object.fromEntries(
      Object.entries(world.setup.resolved).flatMap(([kind, ids]) =>
        [...ids].map(([key, stripeId]) => [`${kind}:${key}`, { stripeId, active: true }]),
      ),
    );
    expect(Object.keys(expected)).toHaveLength(3 + 6 + 2 + 1 + 1);
    expect(stored).toEqual(expected);
  });

  it('a second run plans only unchanged steps and sends no write request to Stripe', async () => {
    await world.harness.control('DELETE', '/_emulator/requests');
    const again = await apply(world.stripe, handle.db, billingConfig);
    expect(changedSteps(again.steps)).toEqual([]);
    expect(again.steps).toHaveLength(world.setup.steps.length);
    expect(await writesSince(world)).toEqual([]);
    // The same objects are found again by their stable keys.
    expect(again.resolved).toEqual(world.setup.resolved);
    expect(await listAll(world.stripe.products.list({ limit: 100 }))).toHaveLength(3);
    expect(await listAll(world.stripe.billingPortal.configurations.list({ limit: 100 }))).toHaveLength(1);
  });

  it('planBilling on the applied Stripe returns only unchanged steps (what stripe:doctor checks)', async () => {
    const steps = await planBilling(world.stripe, billingConfig);
    expect(steps.map((step) => step.status)).toEqual(Array(13).fill('unchanged'));
    expect(steps.every((step) => step.changes.length === 0 && step.apply === undefined)).toBe(true);
  });
});

describe('applyBilling after the config changes', () => {
  // Each change starts from the test catalogue applied to a fresh emulator.
  const world = billingWorldFor({ database: handle }, { each: true });

  it('a product renamed and re-described in the config → one update step, and the Stripe product changes in place', async () => {
    const edited = editedConfig((input) => {
      input.products[1]!.name = 'Pro Plus';
      input.products[1]!.description = 'For professionals who ship every day.';
    });
    const { steps } = await apply(world.stripe, handle.db, edited);
    expect(changedSteps(steps).map((step) => `${step.status} ${step.kind} ${step.key}`)).toEqual(['update product pro']);
    expect(stepFor(steps, 'product', 'pro').changes).toEqual([
      'name: "Pro" → "Pro Plus"',
      'description: "For professionals who ship every week." → "For professionals who ship every day."',
    ]);
    const product = await world.stripe.products.retrieve(world.setup.resolved.product.get('pro')!);
    expect(product).toMatchObject({ name: 'Pro Plus', description: 'For professionals who ship every day.', active: true });
    expect(changedSteps(await planBilling(world.stripe, edited))).toEqual([]);
  });

  it('only a translation of a description changed → nothing to do: Stripe keeps the English one', async () => {
    const edited = editedConfig((input) => {
      input.products[1]!.description = { en: 'For professionals who ship every week.', fr: 'Pour les pros qui livrent chaque semaine.' };
    });
    expect(changedSteps(await planBilling(world.stripe, edited))).toEqual([]);
  });

  it('a product whose description is removed from the config → the Stripe description is cleared', async () => {
    const edited = editedConfig((input) => {
      delete input.products[0]!.description;
    });
    const { steps } = await apply(world.stripe, handle.db, edited);
    expect(stepFor(steps, 'product', 'starter')).toMatchObject({ status: 'update' });
    expect((await world.stripe.products.retrieve(world.setup.resolved.product.get('starter')!)).description).toBeNull();
    expect(changedSteps(await planBilling(world.stripe, edited))).toEqual([]);
  });

  it('a portal cancel mode changed from at_period_end to immediately → update step, and the configuration cancels immediately', async () => {
    const edited = editedConfig((input) => {
      input.portalConfigurations.default!.subscriptionCancel!.mode = 'immediately';
    });
    const { steps } = await apply(world.stripe, handle.db, edited);
    const portalStep = stepFor(steps, 'portal_configuration', 'default');
    expect(portalStep.status).toBe('update');
    expect(portalStep.changes.join('\n')).toContain('"mode":"at_period_end"');
    const configuration = await portalConfiguration(world.stripe, portalStep.stripeId!);
    expect(configuration.id).toBe(world.setup.resolved.portal_configuration.get('default'));
    expect(configuration.features.subscription_cancel).toMatchObject({ enabled: true, mode: 'immediately' });
    // Everything else on the configuration is as before: the metadata key and the offered plans.
    expect(configuration.metadata).toEqual({ [CONFIG_KEY]: 'default' });
    expect(configuration.features.subscription_update.products).toHaveLength(3);
    expect(changedSteps(await planBilling(world.stripe, edited))).toEqual([]);
  });

  it('a coupon renamed in the config → update step, and the coupon keeps its terms', async () => {
    const edited = editedConfig((input) => {
      input.coupons![0]!.name = 'A quarter off for 3 months';
    });
    const { steps } = await apply(world.stripe, handle.db, edited);
    expect(changedSteps(steps).map((step) => `${step.status} ${step.kind} ${step.key}`)).toEqual(['update coupon stay_25_off_3_months']);
    expect(await world.stripe.coupons.retrieve('stay_25_off_3_months')).toMatchObject({
      name: 'A quarter off for 3 months',
      percent_off: 25,
    });
  });

  it('a coupon whose terms changed → conflict, left alone in Stripe, and reported again on the next plan', async () => {
    const edited = editedConfig((input) => {
      input.coupons![0]!.percentOff = 30;
    });
    const { steps } = await apply(world.stripe, handle.db, edited);
    const couponStep = stepFor(steps, 'coupon', 'stay_25_off_3_months');
    expect(couponStep.status).toBe('conflict');
    expect(couponStep.apply).toBeUndefined();
    expect(couponStep.changes[0]).toBe('percent_off: 25 → 30');
    expect((await world.stripe.coupons.retrieve('stay_25_off_3_months')).percent_off).toBe(25);
    expect(stepFor(await planBilling(world.stripe, edited), 'coupon', 'stay_25_off_3_months').status).toBe('conflict');
  });
});

describe('applyBilling when a price amount changes', () => {
  let world: BillingWorld;
  let steps: PlanStep[];
  const oldPriceId = () => world.priceId('pro_monthly');
  const edited = editedConfig((input) => {
    input.products[1]!.prices[0]!.unitAmount = 3100;
  });

  beforeAll(async () => {
    world = await startBillingWorld({ database: handle });
    ({ steps } = await apply(world.stripe, handle.db, edited));
  });
  afterAll(async () => {
    await world?.close();
  });

  it('plans an update of that price (prices are immutable) and of the portal configuration that offers it', () => {
    expect(changedSteps(steps).map((step) => `${step.status} ${step.kind} ${step.key}`)).toEqual([
      'update price pro_monthly',
      'update portal_configuration default',
    ]);
    expect(stepFor(steps, 'price', 'pro_monthly').changes).toEqual([
      'unit_amount: 2900 → 3100',
      `(prices are immutable: a new price replaces ${oldPriceId()})`,
    ]);
  });

  it('creates a new price that takes over the lookup key and archives the old one', async () => {
    const holders = await listAll(world.stripe.prices.list({ lookup_keys: ['pro_monthly'], limit: 100 }));
    expect(holders).toHaveLength(1);
    const [replacement] = holders;
    expect(replacement).toMatchObject({ unit_amount: 3100, active: true, product: world.setup.resolved.product.get('pro') });
    expect(replacement!.id).not.toBe(oldPriceId());
    expect(await world.stripe.prices.retrieve(oldPriceId())).toMatchObject({ active: false, lookup_key: null, unit_amount: 2900 });
  });

  it('offers the new price, not the archived one, in the portal configuration and records it in the catalog', async () => {
    const [replacement] = await listAll(world.stripe.prices.list({ lookup_keys: ['pro_monthly'], limit: 100 }));
    const configuration = await portalConfiguration(world.stripe, world.setup.resolved.portal_configuration.get('default')!);
    const offered = configuration.features.subscription_update.products?.find(
      (entry) => entry.product === world.setup.resolved.product.get('pro'),
    );
    expect(offered?.prices).toEqual([replacement!.id, world.priceId('pro_yearly')]);
    const rows = await handle.db.select().from(billingCatalog);
    expect(rows.find((row) => row.kind === 'price' && row.key === 'pro_monthly')?.stripeId).toBe(replacement!.id);
  });

  it('leaves nothing to do afterwards', async () => {
    expect(changedSteps(await planBilling(world.stripe, edited))).toEqual([]);
  });
});
