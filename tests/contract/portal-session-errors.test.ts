import type Stripe from 'stripe';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCatalog, createConfiguration, fullFeatures, rejection, RETURN_URL, subscribedCustomer, type Catalog } from './fixtures';
import { contractTargets, useTarget } from './target';

// The portal sessions Stripe refuses, and how: error type, code and param always; the message
// where it is Stripe's own wording. Where the emulator words a refusal itself, a comment says so.

type SessionParams = Stripe.BillingPortal.SessionCreateParams;

for (const name of contractTargets()) {
  describe(`${name}: billing portal sessions refused`, () => {
    const target = useTarget(name);
    let catalog: Catalog;
    let configuration: Stripe.BillingPortal.Configuration;
    let subscriber: Awaited<ReturnType<typeof subscribedCustomer>>;

    beforeAll(async () => {
      const t = target();
      catalog = await createCatalog(t);
      configuration = await createConfiguration(t, { features: fullFeatures(catalog) });
      subscriber = await subscribedCustomer(t, catalog.basic);
    });

    /** The refusal of a session for the subscriber, on the full configuration unless `params` say otherwise. */
    const refusal = (params: Partial<SessionParams>, names: Record<string, string> = {}) => {
      const t = target();
      const request = t.stripe.billingPortal.sessions.create({
        customer: subscriber.customer.id,
        configuration: configuration.id,
        return_url: RETURN_URL,
        ...params,
      });
      return rejection(t, t.normaliser({ customer: subscriber.customer.id, ...names }), request);
    };
    const cancelFlow = (subscription: string, names: Record<string, string> = {}) =>
      refusal({ flow_data: { type: 'subscription_cancel', subscription_cancel: { subscription } } }, names);

    it('check the customer, the configuration, the return URL and the locale', async () => {
      const t = target();
      expect(await refusal({ customer: 'cus_missing' })).toMatchObject({
        type: 'invalid_request_error',
        code: 'resource_missing',
        param: 'customer',
        message: "No such customer: 'cus_missing'",
      });
      expect(await refusal({ configuration: 'bpc_missing' })).toMatchObject({
        type: 'invalid_request_error',
        code: 'resource_missing',
        param: 'configuration',
      });
      expect(await refusal({ return_url: 'account' })).toMatchObject({
        type: 'invalid_request_error',
        code: 'url_invalid',
        param: 'return_url',
        message: 'Not a valid URL',
      });
      expect(await refusal({ locale: 'xx' as 'fr' })).toMatchObject({
        type: 'invalid_request_error',
        param: 'locale',
        message: expect.stringMatching(/^Invalid locale: must be one of auto, bg, cs, /),
      });

      const inactive = await createConfiguration(t, { features: { invoice_history: { enabled: true } } });
      await t.stripe.billingPortal.configurations.update(inactive.id, { active: false });
      // The emulator words this one itself.
      expect(await refusal({ configuration: inactive.id })).toMatchObject({ type: 'invalid_request_error', param: 'configuration' });
    });

    it('need the sub-object of the flow type, and a valid after_completion', async () => {
      for (const type of ['subscription_cancel', 'subscription_update', 'subscription_update_confirm'] as const) {
        expect(await refusal({ flow_data: { type } })).toMatchObject({
          type: 'invalid_request_error',
          code: 'parameter_missing',
          param: `flow_data[${type}]`,
          message: `Missing required param: flow_data[${type}].`,
        });
      }
      expect(await refusal({ flow_data: { type: 'payment_method_update', after_completion: { type: 'redirect' } } })).toMatchObject({
        type: 'invalid_request_error',
        code: 'parameter_missing',
        param: 'flow_data[after_completion][redirect]',
      });
      expect(
        await refusal({
          flow_data: { type: 'payment_method_update', after_completion: { type: 'redirect', redirect: { return_url: 'card-updated' } } },
        }),
      ).toMatchObject({ type: 'invalid_request_error', code: 'url_invalid', param: 'flow_data[after_completion][redirect][return_url]' });
      expect(
        await refusal({
          flow_data: {
            type: 'payment_method_update',
            after_completion: { type: 'hosted_confirmation', hosted_confirmation: { custom_message: 'x'.repeat(501) } },
          },
        }),
      ).toMatchObject({
        type: 'invalid_request_error',
        param: 'flow_data[after_completion][hosted_confirmation][custom_message]',
        message: 'Invalid string: xxxxxxxxxxxxxxxxxxxx...; must be at most 500 characters',
      });
    });

    it('start a cancel flow only for a subscription of this customer that is not canceled or ending', async () => {
      const t = target();
      const param = 'flow_data[subscription_cancel][subscription]';
      expect(await cancelFlow('sub_missing')).toMatchObject({
        type: 'invalid_request_error',
        code: 'resource_missing',
        param,
        message: "No such subscription: 'sub_missing'",
      });

      // Another customer's subscription; the emulator words this refusal itself.
      const stranger = await subscribedCustomer(t, catalog.basic, 'stranger');
      expect(await cancelFlow(stranger.subscription.id)).toMatchObject({ type: 'invalid_request_error', param });

      const ending = t.track(
        await t.stripe.subscriptions.create({
          customer: subscriber.customer.id,
          items: [{ price: catalog.pro.id }],
          cancel_at_period_end: true,
          metadata: t.metadata,
        }),
      );
      expect(await cancelFlow(ending.id, { ending: ending.id })).toMatchObject({
        type: 'invalid_request_error',
        param,
        message: 'The subscription <ending> is already set to be canceled at period end.',
      });

      // A canceled one; the emulator words this refusal as for an ending one, which is not known to be Stripe's.
      const canceled = t.track(
        await t.stripe.subscriptions.create({ customer: subscriber.customer.id, items: [{ price: catalog.pro.id }], metadata: t.metadata }),
      );
      await t.stripe.subscriptions.cancel(canceled.id);
      expect(await cancelFlow(canceled.id)).toMatchObject({ type: 'invalid_request_error', param });

      expect(
        await refusal({
          flow_data: {
            type: 'subscription_cancel',
            subscription_cancel: {
              subscription: subscriber.subscription.id,
              retention: { type: 'coupon_offer', coupon_offer: { coupon: 'MISSING' } },
            },
          },
        }),
      ).toMatchObject({
        type: 'invalid_request_error',
        code: 'resource_missing',
        param: 'flow_data[subscription_cancel][retention][coupon_offer][coupon]',
        message: "No such coupon: 'MISSING'",
      });
    });

    it('start plan changes only when the configuration allows them, on a subscription that is not canceled', async () => {
      const t = target();
      const updateFlow = (subscription: string, extra: Partial<SessionParams> = {}) =>
        refusal({ flow_data: { type: 'subscription_update', subscription_update: { subscription } }, ...extra });

      const noUpdates = await createConfiguration(t, { features: { payment_method_update: { enabled: true } } });
      expect(await updateFlow(subscriber.subscription.id, { configuration: noUpdates.id })).toMatchObject({
        type: 'invalid_request_error',
        message: 'This subscription cannot be updated because the subscription update feature in the portal configuration is disabled.',
      });

      const canceled = t.track(
        await t.stripe.subscriptions.create({ customer: subscriber.customer.id, items: [{ price: catalog.pro.id }], metadata: t.metadata }),
      );
      await t.stripe.subscriptions.cancel(canceled.id);
      // The emulator words this one itself.
      expect(await updateFlow(canceled.id)).toMatchObject({ type: 'invalid_request_error' });
    });

    it('check the item, the price and the discounts of a plan change to confirm', async () => {
      const item = subscriber.subscription.items.data[0]!.id;
      const base = 'flow_data[subscription_update_confirm]';
      const confirm = (confirmation: Partial<Stripe.BillingPortal.SessionCreateParams.FlowData.SubscriptionUpdateConfirm>) =>
        refusal({
          flow_data: {
            type: 'subscription_update_confirm',
            subscription_update_confirm: {
              subscription: subscriber.subscription.id,
              items: [{ id: item, price: catalog.pro.id }],
              ...confirmation,
            },
          },
        });

      expect(await confirm({ items: undefined })).toMatchObject({
        type: 'invalid_request_error',
        code: 'parameter_missing',
        param: `${base}[items]`,
      });
      expect(await confirm({ items: [{ id: 'si_missing', price: catalog.pro.id }] })).toMatchObject({
        type: 'invalid_request_error',
        code: 'resource_missing',
        param: `${base}[items][0][id]`,
      });
      // A price the configuration does not offer; the emulator words this refusal itself.
      expect(await confirm({ items: [{ id: item, price: catalog.yearly.id }] })).toMatchObject({
        type: 'invalid_request_error',
        param: `${base}[items][0][price]`,
      });
      for (const unchanged of [
        { id: item, price: catalog.basic.id },
        { id: item, quantity: 1 },
      ]) {
        expect(await confirm({ items: [unchanged] })).toMatchObject({
          type: 'invalid_request_error',
          message: 'Cannot update the subscription because there are no changes to confirm.',
        });
      }
      expect(await confirm({ discounts: [{ coupon: 'NOPE' }] })).toMatchObject({
        type: 'invalid_request_error',
        code: 'resource_missing',
        param: `${base}[discounts][0][coupon]`,
      });

      const t = target();
      const coupon = t.track(await t.stripe.coupons.create({ percent_off: 20, duration: 'once', metadata: t.metadata }));
      const inactiveCode = t.track(
        await t.stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, active: false, metadata: t.metadata }),
      );
      // An inactive promotion code; the emulator words this refusal itself.
      expect(await confirm({ discounts: [{ promotion_code: inactiveCode.id }] })).toMatchObject({
        type: 'invalid_request_error',
        param: `${base}[discounts][0][promotion_code]`,
      });
    });
  });
}
