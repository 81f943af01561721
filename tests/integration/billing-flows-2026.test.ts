import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import type { BillingConfig } from '@/lib/billing/config-schema';
import { createPortalSession } from '@/lib/billing/portal';
import { applyBilling, planBilling } from '@/lib/billing/setup';
import { syncCustomer } from '@/lib/billing/sync';
import { type BillingWorld, billingWorldFor, storedBilling } from '../support/billing';
import { buildBillingConfig } from '../support/billing-config';

// What Stripe added to the portal, end to end through the SDK against the emulator: set-up applies
// pause and per-product adjustable quantities and reports their drift; the sync stores billing
// details, tax IDs, a paused subscription and its seats; portal sessions of the flows a customer
// may open late set after_expiration.

const appUrl = 'http://localhost:3000';

async function defaultConfiguration(world: BillingWorld) {
  return world.stripe.billingPortal.configurations.retrieve(world.setup.resolved.portal_configuration.get('default')!, {
    expand: ['features.subscription_update.products'],
  });
}

describe('stripe:setup with pause and seats', () => {
  const world = billingWorldFor({ database: 'own' });

  it('creates the configuration with subscription_pause durations and the seat product’s adjustable_quantity', async () => {
    const configuration = await defaultConfiguration(world);
    const pause = configuration.features.subscription_pause;
    expect([pause.enabled, pause.duration?.type]).toEqual([true, 'interval_options']);
    expect(pause.duration?.interval_options?.map((option) => `${option.interval_count} ${option.interval}`)).toEqual([
      '1 month',
      '3 month',
    ]);
    const products = configuration.features.subscription_update.products ?? [];
    const team = products.find((product) => product.product === world.setup.resolved.product.get('team'));
    const pro = products.find((product) => product.product === world.setup.resolved.product.get('pro'));
    expect(team?.adjustable_quantity).toEqual({ enabled: true, minimum: 1, maximum: 20 });
    expect(pro?.adjustable_quantity.enabled).toBe(false);
    expect(configuration.features.customer_update).toEqual({ enabled: true, allowed_updates: ['email', 'name', 'address'] });
  });

  it('changed durations and seat bounds in the config → one update step naming them, applied in place', async () => {
    const edited: BillingConfig = buildBillingConfig((input) => {
      input.portalConfigurations.default!.subscriptionPause = { durations: 'indefinite' };
      input.portalConfigurations.default!.subscriptionUpdate!.adjustableQuantity = { team: { minimum: 2, maximum: 30 } };
    });
    const steps = await applyBilling(world.stripe, world.db, edited, { mode: 'emulator' });
    const portal = steps.steps.find((step) => step.kind === 'portal_configuration')!;
    expect(portal.status).toBe('update');
    expect(portal.changes.find((change) => change.startsWith('pause:'))).toBe('pause: ["1 month","3 month"] → "indefinite"');
    expect(portal.changes.find((change) => change.startsWith('update:'))).toContain('"seats":{"minimum":2,"maximum":30}');
    const configuration = await defaultConfiguration(world);
    expect(configuration.id).toBe(portal.stripeId);
    expect(configuration.features.subscription_pause.duration.type).toBe('indefinite');
    const team = configuration.features.subscription_update.products?.find(
      (product) => product.product === world.setup.resolved.product.get('team'),
    );
    expect(team?.adjustable_quantity).toEqual({ enabled: true, minimum: 2, maximum: 30 });
    expect((await planBilling(world.stripe, edited)).filter((step) => step.status !== 'unchanged')).toEqual([]);
  });

  it('pause switched off and seats made fixed in Stripe → drift reported (stripe:doctor), and stripe:setup repairs it', async () => {
    const id = world.setup.resolved.portal_configuration.get('default')!;
    const current = await defaultConfiguration(world);
    await world.stripe.billingPortal.configurations.update(id, {
      features: {
        subscription_pause: { enabled: false },
        subscription_update: {
          products: (current.features.subscription_update.products ?? []).map((product) => ({
            product: product.product,
            prices: product.prices,
            adjustable_quantity: { enabled: false },
          })),
        },
      },
    });
    const drift = (await planBilling(world.stripe, world.config)).find((step) => step.kind === 'portal_configuration')!;
    expect(drift.status).toBe('update');
    expect(drift.changes.some((change) => change.startsWith('pause: null → '))).toBe(true);
    expect(drift.changes.some((change) => change.startsWith('update:') && change.includes('"seats":null'))).toBe(true);

    await applyBilling(world.stripe, world.db, world.config, { mode: 'emulator' });
    const repaired = await defaultConfiguration(world);
    expect(repaired.features.subscription_pause.enabled).toBe(true);
    expect((await planBilling(world.stripe, world.config)).filter((step) => step.status !== 'unchanged')).toEqual([]);
  });
});

describe('sync and sessions for the new flows', () => {
  const world = billingWorldFor();

  it('billing details and tax IDs edited in Stripe → stored on the customer row; a removed tax ID goes too', async () => {
    const { customerId } = await world.newCustomer('details');
    await world.stripe.customers.update(customerId, {
      name: 'Ada Lovelace',
      email: 'billing@example.com',
      phone: '+44 20 7946 0000',
      address: { line1: '12 St James’s Square', city: 'London', postal_code: 'SW1Y 4LB', country: 'GB' },
    });
    const taxId = await world.stripe.customers.createTaxId(customerId, { type: 'gb_vat', value: 'GB123456789' });
    await syncCustomer(world.db, world.stripe, customerId);
    expect((await storedBilling(world.db, customerId)).customer).toMatchObject({
      billingName: 'Ada Lovelace',
      billingEmail: 'billing@example.com',
      billingPhone: '+44 20 7946 0000',
      billingAddress: { line1: '12 St James’s Square', line2: null, city: 'London', postalCode: 'SW1Y 4LB', state: null, country: 'GB' },
      taxIds: [{ id: taxId.id, type: 'gb_vat', value: 'GB123456789' }],
    });

    await world.stripe.customers.deleteTaxId(customerId, taxId.id);
    await syncCustomer(world.db, world.stripe, customerId);
    expect((await storedBilling(world.db, customerId)).customer?.taxIds).toEqual([]);
  });

  it('a subscription paused until resumed → status paused, paused-at from status_details, no resume date; resumed → active', async () => {
    const { customerId } = await world.newCustomer('pause');
    const subscription = await world.subscribe(customerId, 'pro_monthly');
    const paused: Stripe.Subscription = await world.stripe.subscriptions.pause(subscription.id);
    await syncCustomer(world.db, world.stripe, customerId);
    const [row] = (await storedBilling(world.db, customerId)).subscriptions;
    expect(row).toMatchObject({
      status: 'paused',
      resumesAt: null,
      pausedAt: new Date(paused.status_details!.paused.transitioned_at * 1000),
    });

    await world.stripe.subscriptions.resume(subscription.id);
    await syncCustomer(world.db, world.stripe, customerId);
    expect((await storedBilling(world.db, customerId)).subscriptions[0]).toMatchObject({
      status: 'active',
      pausedAt: null,
      resumesAt: null,
    });
  });

  it('seats changed through the SDK → the stored quantity follows', async () => {
    const { customerId } = await world.newCustomer('seats');
    const subscription = await world.subscribe(customerId, 'team_monthly');
    await world.stripe.subscriptions.update(subscription.id, { items: [{ id: subscription.items.data[0]!.id, quantity: 7 }] });
    await syncCustomer(world.db, world.stripe, customerId);
    expect((await storedBilling(world.db, customerId)).subscriptions[0]).toMatchObject({ quantity: 7, priceLookupKey: 'team_monthly' });
  });

  it('"Edit billing details" and "Manage billing" sessions set after_expiration; a flow on one subscription does not', async () => {
    const { customerId } = await world.newCustomer('recovery');
    const subscription = await world.subscribe(customerId, 'pro_monthly');
    const open = (flow?: Parameters<typeof createPortalSession>[2]['flow']) =>
      createPortalSession(world.db, world.stripe, { customerId, appUrl, locale: 'auto', flow }, world.config);
    const lastSession = async () =>
      (await world.stripe.events.list({ type: 'billing_portal.session.created', limit: 1 })).data[0]!.data
        .object as Stripe.BillingPortal.Session;

    await open({ type: 'customer_update' });
    expect(await lastSession()).toMatchObject({ after_expiration: { type: 'customer_login' }, flow: { type: 'customer_update' } });
    await open();
    expect((await lastSession()).after_expiration).toMatchObject({ type: 'customer_login' });
    await open({ type: 'subscription_pause', subscriptionId: subscription.id });
    const pause = await lastSession();
    expect(pause.flow?.subscription_pause?.subscription).toBe(subscription.id);
    expect(pause.flow?.after_completion.redirect?.return_url).toBe(`${appUrl}/account/subscription-paused?subscription=${subscription.id}`);
    expect(pause.after_expiration ?? null).toBeNull();
  });
});
