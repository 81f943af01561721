import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { portalSuite } from './emulator-suite.js';
import { eventsAbout, fullFeatures, labelsOf } from './portal-helpers.js';

const FIXTURES = fileURLToPath(new URL('../../../../shared/stripe/fixtures3.json', import.meta.url));
const fixtureKeys = (object: string) =>
  Object.keys((JSON.parse(readFileSync(FIXTURES, 'utf8')) as { resources: Record<string, object> }).resources[object] ?? {}).sort();

const { harness, stripe, catalog, browser } = await portalSuite({ defaultConfiguration: false });

describe('billing portal configurations', () => {
  it('are created with Stripe’s shape; the first one becomes the default', async () => {
    const first = await stripe.billingPortal.configurations.create({
      business_profile: { headline: 'Acme billing', privacy_policy_url: 'https://example.com/privacy' },
      default_return_url: 'https://example.com/account',
      features: fullFeatures(catalog),
      metadata: { plan_set: 'v1' },
    });
    expect(Object.keys(first).sort()).toEqual(fixtureKeys('billing_portal.configuration'));
    expect(first).toMatchObject({
      object: 'billing_portal.configuration',
      active: true,
      is_default: true,
      livemode: false,
      default_return_url: 'https://example.com/account',
      business_profile: { headline: 'Acme billing', privacy_policy_url: 'https://example.com/privacy', terms_of_service_url: null },
      login_page: { enabled: false, url: null },
      metadata: { plan_set: 'v1' },
    });
    expect(first.id).toMatch(/^bpc_/);
    expect(first.features.subscription_cancel).toMatchObject({
      enabled: true,
      mode: 'at_period_end',
      proration_behavior: 'none',
      cancellation_reason: { enabled: true, options: ['too_expensive', 'missing_features', 'other'] },
    });
    expect(first.features.subscription_update).toMatchObject({ enabled: true, proration_behavior: 'create_prorations' });

    const second = await stripe.billingPortal.configurations.create({ features: { invoice_history: { enabled: true } } });
    expect(second.is_default).toBe(false);
    expect(second.features.subscription_update.enabled).toBe(false);

    const events = await eventsAbout(stripe, first.id);
    expect(events.map((event) => event.type)).toEqual(['billing_portal.configuration.created']);
  });

  it('return the includable products list only when it is expanded', async () => {
    const created = await stripe.billingPortal.configurations.create({ features: fullFeatures(catalog) });
    expect(created.features.subscription_update.products).toBeUndefined();
    const expanded = await stripe.billingPortal.configurations.retrieve(created.id, {
      expand: ['features.subscription_update.products'],
    });
    expect(expanded.features.subscription_update.products).toEqual([
      {
        product: catalog.product.id,
        prices: [catalog.basic.id, catalog.pro.id],
        adjustable_quantity: { enabled: false, maximum: null, minimum: 1 },
      },
    ]);
    const listed = await stripe.billingPortal.configurations.list({ expand: ['data.features.subscription_update.products'] });
    expect(listed.data.find((entry) => entry.id === created.id)?.features.subscription_update.products).toHaveLength(1);
  });

  it('refuse subscription updates while payment method update is disabled', async () => {
    const features = { ...fullFeatures(catalog), payment_method_update: { enabled: false } };
    await expect(stripe.billingPortal.configurations.create({ features })).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      statusCode: 400,
      message: 'Cannot enable subscription updates while payment method update is disabled.',
    });
  });

  it('check the products and prices offered for plan changes', async () => {
    const withProducts = (products: Stripe.BillingPortal.ConfigurationCreateParams.Features.SubscriptionUpdate.Product[]) =>
      stripe.billingPortal.configurations.create({
        features: { payment_method_update: { enabled: true }, subscription_update: { enabled: true, products } },
      });

    await expect(withProducts([{ product: 'prod_missing', prices: [catalog.basic.id] }])).rejects.toMatchObject({
      code: 'resource_missing',
      message: "No such product: 'prod_missing'",
      param: 'features[subscription_update][products][0][product]',
    });
    await expect(withProducts([{ product: catalog.product.id, prices: [catalog.basic.id, 'price_missing'] }])).rejects.toMatchObject({
      code: 'resource_missing',
      message: "No such price: 'price_missing'",
      param: 'features[subscription_update][products][0][prices][1]',
    });

    const other = await stripe.products.create({ name: 'Other' });
    const otherPrice = await stripe.prices.create({
      product: other.id,
      currency: 'eur',
      unit_amount: 100,
      recurring: { interval: 'month' },
    });
    await expect(withProducts([{ product: catalog.product.id, prices: [otherPrice.id] }])).rejects.toMatchObject({
      message: `The price \`${otherPrice.id}\` does not belong to the product \`${catalog.product.id}\`.`,
      param: 'features[subscription_update][products][0][prices][0]',
    });

    const oneTime = await stripe.prices.create({ product: catalog.product.id, currency: 'eur', unit_amount: 900 });
    await expect(withProducts([{ product: catalog.product.id, prices: [oneTime.id] }])).rejects.toMatchObject({
      message: `The price \`${oneTime.id}\` is not recurring. Only recurring prices can be offered for subscription updates.`,
    });
  });

  it('validate names, URLs and enums with Stripe’s errors', async () => {
    await expect(
      stripe.billingPortal.configurations.create({ features: {}, is_default: true } as Stripe.BillingPortal.ConfigurationCreateParams),
    ).rejects.toMatchObject({ code: 'parameter_unknown', message: 'Received unknown parameter: is_default' });
    await expect(
      stripe.billingPortal.configurations.create({ features: { invoice_history: { enabled: true } }, default_return_url: 'not a url' }),
    ).rejects.toMatchObject({
      code: 'url_invalid',
      message: 'Not a valid URL',
      param: 'default_return_url',
    });
    await expect(
      stripe.billingPortal.configurations.create({
        features: { subscription_cancel: { enabled: true, mode: 'later' as 'immediately' } },
      }),
    ).rejects.toMatchObject({
      message: 'Invalid features[subscription_cancel][mode]: must be one of at_period_end or immediately',
      param: 'features[subscription_cancel][mode]',
    });
    await expect(
      stripe.billingPortal.configurations.create({
        features: { subscription_cancel: { enabled: true, cancellation_reason: { enabled: true } as never } },
      }),
    ).rejects.toMatchObject({
      code: 'parameter_missing',
      param: 'features[subscription_cancel][cancellation_reason][options]',
    });
    await expect(
      stripe.billingPortal.configurations.create({
        features: { subscription_cancel: { enabled: true, mode: 'at_period_end', proration_behavior: 'create_prorations' } },
      }),
    ).rejects.toMatchObject({ param: 'features[subscription_cancel][proration_behavior]' });
  });

  it('are updated feature by feature, with previous_attributes in the event', async () => {
    const created = await stripe.billingPortal.configurations.create({ features: fullFeatures(catalog) });
    const updated = await stripe.billingPortal.configurations.update(created.id, {
      features: { subscription_cancel: { mode: 'immediately', proration_behavior: 'create_prorations' } },
      business_profile: { headline: 'New headline' },
      metadata: { version: '2' },
    });
    expect(updated.features.subscription_cancel).toMatchObject({
      enabled: true,
      mode: 'immediately',
      proration_behavior: 'create_prorations',
      cancellation_reason: { enabled: true, options: ['too_expensive', 'missing_features', 'other'] },
    });
    expect(updated.features.subscription_update.enabled).toBe(true);
    expect(updated.business_profile.headline).toBe('New headline');

    const [, event] = await eventsAbout(stripe, created.id);
    expect(event?.type).toBe('billing_portal.configuration.updated');
    const previous = event?.data.previous_attributes as Partial<Stripe.BillingPortal.Configuration>;
    expect(previous.features?.subscription_cancel.mode).toBe('at_period_end');
    expect(previous.business_profile?.headline).toBeNull();
    expect(previous.metadata).toEqual({});

    const unchanged = await stripe.billingPortal.configurations.update(created.id, { metadata: { version: '2' } });
    expect(unchanged.updated).toBe(updated.updated);
    expect(await eventsAbout(stripe, created.id)).toHaveLength(2);
  });

  it('keep exactly one default, which cannot be deactivated; lists filter on is_default and active', async () => {
    const [defaultConfiguration] = (await stripe.billingPortal.configurations.list({ is_default: true })).data;
    expect(defaultConfiguration).toBeDefined();
    await expect(stripe.billingPortal.configurations.update(defaultConfiguration!.id, { active: false })).rejects.toMatchObject({
      message: 'The default configuration cannot be deactivated.',
      param: 'active',
    });

    const other = await stripe.billingPortal.configurations.create({ features: { invoice_history: { enabled: true } } });
    const deactivated = await stripe.billingPortal.configurations.update(other.id, { active: false });
    expect(deactivated.active).toBe(false);

    const defaults = await stripe.billingPortal.configurations.list({ is_default: true });
    expect(defaults.data.map((entry) => entry.id)).toEqual([defaultConfiguration!.id]);
    const inactive = await stripe.billingPortal.configurations.list({ active: false });
    expect(inactive.data.map((entry) => entry.id)).toEqual([other.id]);
    const page = await stripe.billingPortal.configurations.list({ limit: 2 });
    expect(page.data).toHaveLength(2);
    expect(page.has_more).toBe(true);
  });

  it('serve a login page that opens the portal of the customer with that email', async () => {
    const configuration = await stripe.billingPortal.configurations.create({
      features: { invoice_history: { enabled: true } },
      default_return_url: 'https://example.com/account',
      login_page: { enabled: true },
    });
    expect(configuration.login_page.url).toMatch(new RegExp(`^${harness.url}/p/login/`));
    const customer = await stripe.customers.create({ email: 'login@example.com' });

    const login = await browser.get(configuration.login_page.url!);
    expect(login.status).toBe(200);
    expect(labelsOf(login.html)).toContain('Email');

    const unknown = await browser.submit(login, 'Continue', { email: 'nobody@example.com' });
    expect(unknown.status).toBe(404);
    expect(unknown.html).toContain('There is no customer with this email address.');

    const portal = await browser.submit(login, 'Continue', { email: 'LOGIN@example.com' });
    expect(portal.status).toBe(200);
    expect(portal.url).toMatch(/\/p\/session\/test_/);
    const sessions = (await stripe.events.list({ type: 'billing_portal.session.created' })).data;
    expect(sessions[0]?.data.object).toMatchObject({ customer: customer.id, configuration: configuration.id });

    await stripe.billingPortal.configurations.update(configuration.id, { login_page: { enabled: false } });
    expect((await browser.get(configuration.login_page.url!)).status).toBe(404);
  });
});
