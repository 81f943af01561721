import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Harness } from '../src/testing.js';
import { createCatalog, eventsAbout, fullFeatures, seatFeatures, subscribedCustomer, type Catalog } from './portal-helpers.js';

const FIXTURES = fileURLToPath(new URL('../../../../shared/stripe/fixtures3.json', import.meta.url));
const SESSION_KEYS = Object.keys(
  (JSON.parse(readFileSync(FIXTURES, 'utf8')) as { resources: Record<string, object> }).resources['billing_portal.session'] ?? {},
).sort();

const RETURN_URL = 'https://example.com/account';

let harness: Harness;
let stripe: Stripe;
let catalog: Catalog;
let subscriber: Awaited<ReturnType<typeof subscribedCustomer>>;

beforeAll(async () => {
  harness = await startEmulator();
  stripe = harness.stripe;
  catalog = await createCatalog(stripe);
  subscriber = await subscribedCustomer(stripe, catalog.basic);
});

afterAll(async () => {
  await harness.close();
});

function create(params: Stripe.BillingPortal.SessionCreateParams) {
  return stripe.billingPortal.sessions.create(params);
}

function cancelFlow(subscription: string, extra: Partial<Stripe.BillingPortal.SessionCreateParams.FlowData> = {}) {
  return create({
    customer: subscriber.customer.id,
    return_url: RETURN_URL,
    flow_data: { type: 'subscription_cancel', subscription_cancel: { subscription }, ...extra },
  });
}

describe('billing portal sessions', () => {
  it('need a saved default configuration, as in Stripe’s test mode', async () => {
    await expect(create({ customer: subscriber.customer.id, return_url: RETURN_URL })).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      message:
        'You can’t create a portal session in test mode until you save your customer portal settings in test mode at https://dashboard.stripe.com/test/settings/billing/portal.',
    });
    await stripe.billingPortal.configurations.create({ features: fullFeatures(catalog) });
  });

  it('are created with Stripe’s shape, a URL on the emulator, and an event', async () => {
    const session = await create({ customer: subscriber.customer.id, return_url: RETURN_URL, locale: 'fr' });
    expect(Object.keys(session).sort()).toEqual(SESSION_KEYS);
    expect(session).toMatchObject({
      object: 'billing_portal.session',
      customer: subscriber.customer.id,
      return_url: RETURN_URL,
      locale: 'fr',
      flow: null,
      livemode: false,
      on_behalf_of: null,
      customer_account: null,
    });
    expect(session.id).toMatch(/^bps_/);
    expect(session.url).toMatch(new RegExp(`^${harness.url}/p/session/test_[A-Za-z0-9]+$`));
    const [defaultConfiguration] = (await stripe.billingPortal.configurations.list({ is_default: true })).data;
    expect(session.configuration).toBe(defaultConfiguration?.id);

    const events = await eventsAbout(stripe, session.id);
    expect(events.map((event) => event.type)).toEqual(['billing_portal.session.created']);
    expect(events[0]?.data.object).toEqual(session);

    const expanded = await create({ customer: subscriber.customer.id, return_url: RETURN_URL, expand: ['configuration'] });
    expect(expanded.configuration).toMatchObject({ object: 'billing_portal.configuration', id: defaultConfiguration?.id });
  });

  it('check the customer, the configuration, the return URL and the locale', async () => {
    await expect(create({ return_url: RETURN_URL })).rejects.toMatchObject({ code: 'parameter_missing', param: 'customer' });
    await expect(create({ customer: 'cus_missing', return_url: RETURN_URL })).rejects.toMatchObject({
      code: 'resource_missing',
      message: "No such customer: 'cus_missing'",
      param: 'customer',
    });
    await expect(create({ customer: subscriber.customer.id, configuration: 'bpc_missing', return_url: RETURN_URL })).rejects.toMatchObject({
      code: 'resource_missing',
      param: 'configuration',
    });
    await expect(create({ customer: subscriber.customer.id })).rejects.toMatchObject({
      message: 'Your PortalConfiguration does not have a `default_return_url`, and you did not provide a `return_url`.',
    });
    await expect(create({ customer: subscriber.customer.id, return_url: 'account' })).rejects.toMatchObject({
      code: 'url_invalid',
      message: 'Not a valid URL',
      param: 'return_url',
    });
    await expect(create({ customer: subscriber.customer.id, return_url: RETURN_URL, locale: 'xx' as 'fr' })).rejects.toMatchObject({
      param: 'locale',
      message: expect.stringMatching(/^Invalid locale: must be one of auto, bg, cs, /),
    });
    await expect(create({ customer: subscriber.customer.id, return_url: RETURN_URL, on_behalf_of: 'acct_123' })).rejects.toMatchObject({
      param: 'on_behalf_of',
      message: 'The local Stripe emulator does not support `on_behalf_of`: there are no connected accounts in the emulator.',
    });

    const withDefault = await stripe.billingPortal.configurations.create({
      features: { invoice_history: { enabled: true } },
      default_return_url: 'https://example.com/default',
    });
    const session = await create({ customer: subscriber.customer.id, configuration: withDefault.id, locale: 'auto' });
    expect(session.return_url).toBe('https://example.com/default');
    expect(session.locale).toBe('auto');

    await stripe.billingPortal.configurations.update(withDefault.id, { active: false });
    await expect(create({ customer: subscriber.customer.id, configuration: withDefault.id })).rejects.toMatchObject({
      param: 'configuration',
      message: `The configuration ${withDefault.id} is not active and cannot be used to create portal sessions.`,
    });
  });

  it('validate flow_data: its type, the sub-object each type needs, and after_completion', async () => {
    const base = { customer: subscriber.customer.id, return_url: RETURN_URL };
    await expect(create({ ...base, flow_data: { type: 'subscription_rename' } })).rejects.toMatchObject({
      param: 'flow_data[type]',
      message: expect.stringContaining('Invalid flow_data[type]: must be one of customer_update, payment_method_update,'),
    });
    for (const type of ['subscription_cancel', 'subscription_update', 'subscription_update_confirm'] as const) {
      await expect(create({ ...base, flow_data: { type } })).rejects.toMatchObject({
        code: 'parameter_missing',
        message: `Missing required param: flow_data[${type}].`,
        param: `flow_data[${type}]`,
      });
    }
    await expect(
      create({ ...base, flow_data: { type: 'payment_method_update', after_completion: { type: 'redirect' } } }),
    ).rejects.toMatchObject({ code: 'parameter_missing', param: 'flow_data[after_completion][redirect]' });
    await expect(
      create({
        ...base,
        flow_data: { type: 'payment_method_update', after_completion: { type: 'redirect', redirect: { return_url: 'card-updated' } } },
      }),
    ).rejects.toMatchObject({ code: 'url_invalid', param: 'flow_data[after_completion][redirect][return_url]' });
    await expect(
      create({
        ...base,
        flow_data: {
          type: 'payment_method_update',
          after_completion: { type: 'hosted_confirmation', hosted_confirmation: { custom_message: 'x'.repeat(501) } },
        },
      }),
    ).rejects.toMatchObject({
      param: 'flow_data[after_completion][hosted_confirmation][custom_message]',
      message: 'Invalid string: xxxxxxxxxxxxxxxxxxxx...; must be at most 500 characters',
    });
    await expect(
      create({ ...base, flow_data: { type: 'subscription_pause', subscription_pause: { subscription: 'sub_1' } } }),
    ).rejects.toMatchObject({
      code: 'resource_missing',
      param: 'flow_data[subscription_pause][subscription]',
    });
    await expect(create({ ...base, flow_data: { type: 'subscription_pause' } })).rejects.toMatchObject({
      code: 'parameter_missing',
      param: 'flow_data[subscription_pause]',
    });
  });

  it('echo the flow in Stripe’s shape: after_completion and one sub-object per type, the others null', async () => {
    const session = await create({
      customer: subscriber.customer.id,
      return_url: RETURN_URL,
      flow_data: {
        type: 'payment_method_update',
        after_completion: { type: 'redirect', redirect: { return_url: 'https://example.com/card-updated' } },
      },
    });
    expect(session.flow).toEqual({
      type: 'payment_method_update',
      after_completion: { type: 'redirect', redirect: { return_url: 'https://example.com/card-updated' }, hosted_confirmation: null },
      customer_update: null,
      subscription_cancel: null,
      subscription_pause: null,
      subscription_update: null,
      subscription_update_confirm: null,
    });

    const cancel = await cancelFlow(subscriber.subscription.id, {
      after_completion: { type: 'hosted_confirmation', hosted_confirmation: { custom_message: 'Sorry to see you go.' } },
    });
    expect(cancel.flow).toMatchObject({
      type: 'subscription_cancel',
      after_completion: { type: 'hosted_confirmation', hosted_confirmation: { custom_message: 'Sorry to see you go.' }, redirect: null },
      subscription_cancel: { subscription: subscriber.subscription.id, retention: null },
      subscription_update: null,
      subscription_update_confirm: null,
    });

    const homepage = await create({
      customer: subscriber.customer.id,
      return_url: RETURN_URL,
      flow_data: { type: 'payment_method_update' },
    });
    expect(homepage.flow?.after_completion).toEqual({ type: 'portal_homepage', hosted_confirmation: null, redirect: null });
  });

  it('start a cancel flow only for a subscription of the customer that is not already ending', async () => {
    const param = 'flow_data[subscription_cancel][subscription]';
    await expect(cancelFlow('sub_missing')).rejects.toMatchObject({
      code: 'resource_missing',
      message: "No such subscription: 'sub_missing'",
      param,
    });

    const stranger = await subscribedCustomer(stripe, catalog.basic, { email: 'someone@example.com' });
    await expect(cancelFlow(stranger.subscription.id)).rejects.toMatchObject({
      param,
      message: `The subscription ${stranger.subscription.id} does not belong to the customer ${subscriber.customer.id}.`,
    });

    const ending = await stripe.subscriptions.create({
      customer: subscriber.customer.id,
      items: [{ price: catalog.pro.id }],
      cancel_at_period_end: true,
    });
    await expect(cancelFlow(ending.id)).rejects.toMatchObject({
      param,
      message: `The subscription ${ending.id} is already set to be canceled at period end.`,
    });
    const canceled = await stripe.subscriptions.create({ customer: subscriber.customer.id, items: [{ price: catalog.pro.id }] });
    await stripe.subscriptions.cancel(canceled.id);
    await expect(cancelFlow(canceled.id)).rejects.toMatchObject({
      message: `The subscription ${canceled.id} is already set to be canceled at period end.`,
    });

    await expect(
      create({
        customer: subscriber.customer.id,
        return_url: RETURN_URL,
        flow_data: {
          type: 'subscription_cancel',
          subscription_cancel: {
            subscription: subscriber.subscription.id,
            retention: { type: 'coupon_offer', coupon_offer: { coupon: 'MISSING' } },
          },
        },
      }),
    ).rejects.toMatchObject({
      code: 'resource_missing',
      message: "No such coupon: 'MISSING'",
      param: 'flow_data[subscription_cancel][retention][coupon_offer][coupon]',
    });
  });

  it('start plan changes only when the configuration allows subscription updates', async () => {
    const disabled = await stripe.billingPortal.configurations.create({ features: { payment_method_update: { enabled: true } } });
    await expect(
      create({
        customer: subscriber.customer.id,
        return_url: RETURN_URL,
        configuration: disabled.id,
        flow_data: { type: 'subscription_update', subscription_update: { subscription: subscriber.subscription.id } },
      }),
    ).rejects.toMatchObject({
      message: 'This subscription cannot be updated because the subscription update feature in the portal configuration is disabled.',
    });
    const session = await create({
      customer: subscriber.customer.id,
      return_url: RETURN_URL,
      flow_data: { type: 'subscription_update', subscription_update: { subscription: subscriber.subscription.id } },
    });
    expect(session.flow?.subscription_update).toEqual({ subscription: subscriber.subscription.id });
  });

  it('check the item, the price and the discounts of a subscription_update_confirm flow', async () => {
    const item = subscriber.subscription.items.data[0]!;
    const confirm = (
      confirmation: Partial<Stripe.BillingPortal.SessionCreateParams.FlowData.SubscriptionUpdateConfirm>,
      configuration?: string,
    ) =>
      create({
        customer: subscriber.customer.id,
        return_url: RETURN_URL,
        ...(configuration && { configuration }),
        flow_data: {
          type: 'subscription_update_confirm',
          subscription_update_confirm: {
            subscription: subscriber.subscription.id,
            items: [{ id: item.id, price: catalog.pro.id }],
            ...confirmation,
          },
        },
      });
    const base = 'flow_data[subscription_update_confirm]';

    await expect(confirm({ items: [{ id: 'si_missing', price: catalog.pro.id }] })).rejects.toMatchObject({
      code: 'resource_missing',
      param: `${base}[items][0][id]`,
    });
    await expect(confirm({ items: [{ id: item.id, price: catalog.yearly.id }] })).rejects.toMatchObject({
      param: `${base}[items][0][price]`,
      message: expect.stringContaining(`The price ${catalog.yearly.id} is not one of the prices the portal configuration offers`),
    });
    await expect(confirm({ items: [{ id: item.id, price: catalog.basic.id }] })).rejects.toMatchObject({
      message: 'Cannot update the subscription because there are no changes to confirm.',
    });
    await expect(confirm({ items: [{ id: item.id, quantity: 1 }] })).rejects.toMatchObject({
      message: 'Cannot update the subscription because there are no changes to confirm.',
    });
    await expect(confirm({ discounts: [{ coupon: 'NOPE' }] })).rejects.toMatchObject({
      code: 'resource_missing',
      param: `${base}[discounts][0][coupon]`,
    });

    const coupon = await stripe.coupons.create({ percent_off: 20, duration: 'once' });
    const code = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'SPRING', active: false });
    await expect(confirm({ discounts: [{ promotion_code: code.id }] })).rejects.toMatchObject({
      param: `${base}[discounts][0][promotion_code]`,
      message: `The promotion code ${code.id} is not active.`,
    });

    await expect(confirm({ items: [{ id: item.id, quantity: 3 }] })).rejects.toMatchObject({
      param: `${base}[items][0][quantity]`,
      message: `The quantity of product ${catalog.product.id} cannot be changed: the portal configuration does not make it adjustable (features[subscription_update][products][][adjustable_quantity]).`,
    });
    const seats = await stripe.billingPortal.configurations.create({ features: seatFeatures(catalog, { minimum: 2, maximum: 5 }) });
    const inSeats = (confirmation: Parameters<typeof confirm>[0]) => confirm(confirmation, seats.id);
    await expect(inSeats({ items: [{ id: item.id, quantity: 6 }] })).rejects.toMatchObject({
      param: `${base}[items][0][quantity]`,
      message: `The quantity 6 is above the maximum of 5 the portal configuration allows for product ${catalog.product.id}.`,
    });
    await expect(inSeats({ items: [{ id: item.id, price: catalog.pro.id, quantity: 0 }] })).rejects.toMatchObject({
      param: `${base}[items][0][quantity]`,
      message: `The quantity 0 is below the minimum of 2 the portal configuration allows for product ${catalog.product.id}.`,
    });
    const quantityOnly = await inSeats({ items: [{ id: item.id, quantity: 3 }], discounts: [{ coupon: coupon.id }] });
    expect(quantityOnly.flow?.subscription_update_confirm).toEqual({
      subscription: subscriber.subscription.id,
      items: [{ id: item.id, price: null, quantity: 3 }],
      discounts: [{ coupon: coupon.id, promotion_code: null }],
    });
  });
});
