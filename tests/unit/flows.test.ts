import type Stripe from 'stripe';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { AfterCompletionConfig } from '@/lib/billing/config-schema';
import { buildFlowData, buildPortalSessionParams, landingUrl, type PortalFlow } from '@/lib/billing/flows';

const appUrl = 'https://billing.example.com';

const flows: PortalFlow[] = [
  { type: 'customer_update' },
  { type: 'payment_method_update' },
  { type: 'subscription_pause', subscriptionId: 'sub_123' },
  { type: 'subscription_cancel', subscriptionId: 'sub_123' },
  { type: 'subscription_update', subscriptionId: 'sub_123' },
  { type: 'subscription_update_confirm', subscriptionId: 'sub_123', itemId: 'si_1', priceId: 'price_pro' },
];

const afterCompletions: AfterCompletionConfig[] = [
  { type: 'redirect' },
  { type: 'hosted_confirmation', message: 'All done. Thank you!' },
  { type: 'hosted_confirmation' },
  { type: 'portal_homepage' },
];

const landing: Record<PortalFlow['type'], string> = {
  customer_update: `${appUrl}/account/billing-details-updated`,
  subscription_pause: `${appUrl}/account/subscription-paused?subscription=sub_123`,
  payment_method_update: `${appUrl}/account/payment-method-updated`,
  subscription_cancel: `${appUrl}/account/subscription-canceled?subscription=sub_123`,
  subscription_update: `${appUrl}/account/plan-updated?subscription=sub_123`,
  subscription_update_confirm: `${appUrl}/account/plan-updated?subscription=sub_123`,
};

describe('buildFlowData', () => {
  it('returns the SDK’s own FlowData type', () => {
    expectTypeOf(buildFlowData).returns.toEqualTypeOf<Stripe.BillingPortal.SessionCreateParams.FlowData>();
  });

  for (const flow of flows) {
    for (const after of afterCompletions) {
      it(`${flow.type} × ${after.type}${after.type === 'hosted_confirmation' && after.message ? ' with a message' : ''}`, () => {
        const data = buildFlowData(flow, after, appUrl);
        expect(data.type).toBe(flow.type);
        // Exactly the sub-object its type requires, and no other.
        const subObjects = ['subscription_cancel', 'subscription_pause', 'subscription_update', 'subscription_update_confirm'].filter(
          (key) => key in data,
        );
        expect(subObjects).toEqual(flow.type === 'payment_method_update' || flow.type === 'customer_update' ? [] : [flow.type]);

        if (after.type === 'redirect') {
          expect(data.after_completion).toEqual({ type: 'redirect', redirect: { return_url: landing[flow.type] } });
        } else if (after.type === 'hosted_confirmation') {
          expect(data.after_completion).toEqual(
            after.message
              ? { type: 'hosted_confirmation', hosted_confirmation: { custom_message: after.message } }
              : { type: 'hosted_confirmation' },
          );
        } else {
          expect(data.after_completion).toEqual({ type: 'portal_homepage' });
        }
      });
    }
  }

  it('gives Stripe the confirmation message in the session’s language, English for a language we lack', () => {
    const message = { en: 'Done, thank you!', fr: 'C’est fait, merci\u202f!' };
    const confirmation = (locale?: Stripe.BillingPortal.SessionCreateParams.Locale) =>
      buildFlowData(flows[0]!, { type: 'hosted_confirmation', message }, appUrl, locale).after_completion;
    expect(confirmation('fr')).toEqual({ type: 'hosted_confirmation', hosted_confirmation: { custom_message: message.fr } });
    expect(confirmation('en')).toEqual({ type: 'hosted_confirmation', hosted_confirmation: { custom_message: message.en } });
    expect(confirmation('de')).toEqual({ type: 'hosted_confirmation', hosted_confirmation: { custom_message: message.en } });
    expect(confirmation(undefined)).toEqual({ type: 'hosted_confirmation', hosted_confirmation: { custom_message: message.en } });
  });

  it('offers the retention coupon in the cancel flow only when given', () => {
    const withOffer = buildFlowData(
      { type: 'subscription_cancel', subscriptionId: 'sub_1', retentionCouponId: 'stay' },
      { type: 'redirect' },
      appUrl,
    );
    expect(withOffer.subscription_cancel).toEqual({
      subscription: 'sub_1',
      retention: { type: 'coupon_offer', coupon_offer: { coupon: 'stay' } },
    });
    const without = buildFlowData({ type: 'subscription_cancel', subscriptionId: 'sub_1' }, { type: 'redirect' }, appUrl);
    expect(without.subscription_cancel).toEqual({ subscription: 'sub_1' });
  });

  it('confirms one item with its new price, quantity and a promotion code or coupon', () => {
    const base = { type: 'subscription_update_confirm', subscriptionId: 'sub_1', itemId: 'si_1', priceId: 'price_team' } as const;
    expect(
      buildFlowData({ ...base, quantity: 3, promotionCodeId: 'promo_1' }, { type: 'redirect' }, appUrl).subscription_update_confirm,
    ).toEqual({
      subscription: 'sub_1',
      items: [{ id: 'si_1', price: 'price_team', quantity: 3 }],
      discounts: [{ promotion_code: 'promo_1' }],
    });
    expect(buildFlowData({ ...base, couponId: 'coupon_1' }, { type: 'redirect' }, appUrl).subscription_update_confirm).toEqual({
      subscription: 'sub_1',
      items: [{ id: 'si_1', price: 'price_team' }],
      discounts: [{ coupon: 'coupon_1' }],
    });
    expect(buildFlowData(base, { type: 'redirect' }, appUrl).subscription_update_confirm).not.toHaveProperty('discounts');
  });

  it('builds landing URLs from APP_URL and escapes the subscription id', () => {
    expect(landingUrl({ type: 'subscription_update', subscriptionId: 'sub_a&b=c' }, 'http://localhost:3000')).toBe(
      'http://localhost:3000/account/plan-updated?subscription=sub_a%26b%3Dc',
    );
  });
});

describe('buildPortalSessionParams', () => {
  it('always returns to /account/return on APP_URL, with configuration and locale', () => {
    const params = buildPortalSessionParams({
      customerId: 'cus_1',
      appUrl,
      configurationId: 'bpc_1',
      locale: 'fr',
      flow: { flow: { type: 'payment_method_update' }, afterCompletion: { type: 'redirect' } },
    });
    expectTypeOf(params).toEqualTypeOf<Stripe.BillingPortal.SessionCreateParams>();
    expect(params).toEqual({
      customer: 'cus_1',
      return_url: `${appUrl}/account/return`,
      configuration: 'bpc_1',
      locale: 'fr',
      flow_data: {
        type: 'payment_method_update',
        after_completion: { type: 'redirect', redirect: { return_url: `${appUrl}/account/payment-method-updated` } },
      },
    });
  });

  it('sets after_expiration customer_login only when asked (a recoverable session)', () => {
    const base = { customerId: 'cus_1', appUrl };
    expect(buildPortalSessionParams({ ...base, recoverable: true }).after_expiration).toEqual({ type: 'customer_login' });
    expect(buildPortalSessionParams(base)).not.toHaveProperty('after_expiration');
  });

  it('opens the portal homepage without flow_data', () => {
    expect(buildPortalSessionParams({ customerId: 'cus_1', appUrl })).toEqual({
      customer: 'cus_1',
      return_url: `${appUrl}/account/return`,
    });
  });
});
