import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { catalogFor, createConfiguration, eventsAbout, eventually, fullFeatures, rejection, RETURN_URL } from './fixtures';
import { contractTargets, useTarget } from './target';

// Customer-portal configurations: what a create and an update return, and how impossible ones are
// refused. Messages are asserted where they are Stripe's own wording.

const REASONS = ['too_expensive', 'missing_features', 'other'];

for (const name of contractTargets()) {
  describe(`${name}: billing portal configurations`, () => {
    const target = useTarget(name);
    const catalog = catalogFor(target);

    const names = () => ({ product: catalog.product.id, basic: catalog.basic.id, pro: catalog.pro.id });

    it('are created with the features asked for, not as the default; plan-change products only when expanded', async () => {
      const t = target();
      const created = await createConfiguration(t, {
        business_profile: { headline: 'Acme billing', privacy_policy_url: 'https://example.com/privacy' },
        default_return_url: RETURN_URL,
        features: fullFeatures(catalog),
      });
      const n = t.normaliser({ ...names(), configuration: created.id });
      expect(n.normalise(created)).toMatchObject({
        id: '<configuration>',
        object: 'billing_portal.configuration',
        active: true,
        is_default: false,
        livemode: false,
        created: 'now',
        updated: 'now',
        default_return_url: RETURN_URL,
        business_profile: { headline: 'Acme billing', privacy_policy_url: 'https://example.com/privacy', terms_of_service_url: null },
        login_page: { enabled: false, url: null },
        metadata: { contract_run: '<run>' },
        features: {
          customer_update: { enabled: true, allowed_updates: ['email'] },
          invoice_history: { enabled: true },
          payment_method_update: { enabled: true },
          subscription_cancel: {
            enabled: true,
            mode: 'at_period_end',
            proration_behavior: 'none',
            cancellation_reason: { enabled: true, options: REASONS },
          },
          subscription_update: { enabled: true, default_allowed_updates: ['price'], proration_behavior: 'create_prorations' },
        },
      });
      expect(created.features.subscription_update.products).toBeUndefined();

      const expanded = await t.stripe.billingPortal.configurations.retrieve(created.id, {
        expand: ['features.subscription_update.products'],
      });
      expect(n.normalise(expanded.features.subscription_update.products)).toEqual([
        { product: '<product>', prices: ['<basic>', '<pro>'], adjustable_quantity: { enabled: true, maximum: 10, minimum: 1 } },
      ]);
    });

    it('are updated feature by feature, and the event has the previous attributes', async () => {
      const t = target();
      const created = await createConfiguration(t, { features: fullFeatures(catalog) });
      const updated = await t.stripe.billingPortal.configurations.update(created.id, {
        features: { subscription_cancel: { mode: 'immediately', proration_behavior: 'create_prorations' } },
        business_profile: { headline: 'New headline' },
        metadata: { version: '2' },
      });
      const n = t.normaliser({ configuration: created.id });
      expect(n.normalise(updated)).toMatchObject({
        id: '<configuration>',
        business_profile: { headline: 'New headline' },
        metadata: { contract_run: '<run>', version: '2' },
        features: {
          subscription_cancel: {
            enabled: true,
            mode: 'immediately',
            proration_behavior: 'create_prorations',
            cancellation_reason: { enabled: true, options: REASONS },
          },
          subscription_update: { enabled: true },
        },
      });

      await expect
        .poll(async () => (await eventsAbout(t, created.id)).map((event) => event.type).sort(), eventually(t))
        .toEqual(['billing_portal.configuration.created', 'billing_portal.configuration.updated']);
      const [event] = await eventsAbout(t, created.id, 'billing_portal.configuration.updated');
      const previous = event!.data.previous_attributes as Partial<Stripe.BillingPortal.Configuration>;
      expect(previous.features?.subscription_cancel.mode).toBe('at_period_end');
      expect(previous.business_profile?.headline).toBeNull();
    });

    it('are deactivated, and then listed as inactive', async () => {
      const t = target();
      const created = await createConfiguration(t, { features: { invoice_history: { enabled: true } } });
      const deactivated = await t.stripe.billingPortal.configurations.update(created.id, { active: false });
      expect(deactivated).toMatchObject({ active: false, is_default: false });
      const inactive = await t.stripe.billingPortal.configurations.list({ active: false, limit: 100 });
      expect(inactive.data.map((configuration) => configuration.id)).toContain(created.id);
      expect(inactive.data.every((configuration) => !configuration.active)).toBe(true);
    });

    it('refuse subscription updates while payment method update is disabled', async () => {
      const t = target();
      const features = { ...fullFeatures(catalog), payment_method_update: { enabled: false } };
      expect(await rejection(t, t.normaliser(), createConfiguration(t, { features }))).toMatchObject({
        type: 'invalid_request_error',
        message: 'Cannot enable subscription updates while payment method update is disabled.',
      });
    });

    it('check the products and prices offered for plan changes', async () => {
      const t = target();
      const n = t.normaliser(names());
      const offering = (products: Stripe.BillingPortal.ConfigurationCreateParams.Features.SubscriptionUpdate.Product[]) =>
        rejection(
          t,
          n,
          createConfiguration(t, {
            features: {
              payment_method_update: { enabled: true },
              subscription_update: { enabled: true, default_allowed_updates: ['price'], products },
            },
          }),
        );
      const base = 'features[subscription_update][products][0]';

      expect(await offering([{ product: 'prod_missing', prices: [catalog.basic.id] }])).toMatchObject({
        type: 'invalid_request_error',
        code: 'resource_missing',
        param: `${base}[product]`,
        message: "No such product: 'prod_missing'",
      });
      expect(await offering([{ product: catalog.product.id, prices: [catalog.basic.id, 'price_missing'] }])).toMatchObject({
        type: 'invalid_request_error',
        code: 'resource_missing',
        param: `${base}[prices][1]`,
        message: "No such price: 'price_missing'",
      });
      // The emulator words these two itself; the contract holds it to Stripe's type and param.
      const other = t.track(await t.stripe.products.create({ name: 'Other', metadata: t.metadata }));
      const otherPrice = t.track(
        await t.stripe.prices.create({
          product: other.id,
          currency: 'eur',
          unit_amount: 100,
          recurring: { interval: 'month' },
          metadata: t.metadata,
        }),
      );
      expect(await offering([{ product: catalog.product.id, prices: [otherPrice.id] }])).toMatchObject({
        type: 'invalid_request_error',
        param: `${base}[prices][0]`,
      });
      const oneTime = t.track(
        await t.stripe.prices.create({ product: catalog.product.id, currency: 'eur', unit_amount: 900, metadata: t.metadata }),
      );
      expect(await offering([{ product: catalog.product.id, prices: [oneTime.id] }])).toMatchObject({
        type: 'invalid_request_error',
        param: `${base}[prices][0]`,
      });
    });

    it('validate parameters, URLs and enums with Stripe’s errors', async () => {
      const t = target();
      const n = t.normaliser();
      expect(
        await rejection(t, n, createConfiguration(t, { features: {}, is_default: true } as Stripe.BillingPortal.ConfigurationCreateParams)),
      ).toMatchObject({
        type: 'invalid_request_error',
        code: 'parameter_unknown',
        param: 'is_default',
        message: 'Received unknown parameter: is_default',
      });
      expect(
        await rejection(
          t,
          n,
          createConfiguration(t, { features: { invoice_history: { enabled: true } }, default_return_url: 'not a url' }),
        ),
      ).toMatchObject({ type: 'invalid_request_error', code: 'url_invalid', param: 'default_return_url', message: 'Not a valid URL' });
      expect(
        await rejection(
          t,
          n,
          createConfiguration(t, { features: { subscription_cancel: { enabled: true, mode: 'later' as 'immediately' } } }),
        ),
      ).toMatchObject({
        type: 'invalid_request_error',
        param: 'features[subscription_cancel][mode]',
        message: 'Invalid features[subscription_cancel][mode]: must be one of at_period_end or immediately',
      });
      expect(
        await rejection(
          t,
          n,
          createConfiguration(t, { features: { subscription_cancel: { enabled: true, cancellation_reason: { enabled: true } as never } } }),
        ),
      ).toMatchObject({
        type: 'invalid_request_error',
        code: 'parameter_missing',
        param: 'features[subscription_cancel][cancellation_reason][options]',
      });
      expect(
        await rejection(
          t,
          n,
          createConfiguration(t, {
            features: { subscription_cancel: { enabled: true, mode: 'at_period_end', proration_behavior: 'create_prorations' } },
          }),
        ),
      ).toMatchObject({ type: 'invalid_request_error', param: 'features[subscription_cancel][proration_behavior]' });
    });
  });
}
