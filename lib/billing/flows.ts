import type Stripe from 'stripe';
import { DEFAULT_LOCALE, isLocale } from '@/lib/i18n/config';
import { textIn } from '@/lib/i18n/localized-text';
import type { AfterCompletionConfig } from './config-schema';
import { FLOWS, type FlowType } from './flow-table';

/**
 * Typed builders for `flow_data`, the part of a portal session that deep-links
 * into one task. Pure functions: given what the customer asked for and the
 * billing config, they return exactly the parameters Stripe expects, so they are
 * unit-tested against the SDK's own types without any network.
 */

type FlowData = Stripe.BillingPortal.SessionCreateParams.FlowData;
type AfterCompletion = NonNullable<FlowData['after_completion']>;
export type PortalLocale = Stripe.BillingPortal.SessionCreateParams.Locale;

export type PortalFlow =
  | { type: 'customer_update' }
  | { type: 'payment_method_update' }
  | { type: 'subscription_pause'; subscriptionId: string }
  | { type: 'subscription_cancel'; subscriptionId: string; retentionCouponId?: string }
  | { type: 'subscription_update'; subscriptionId: string }
  | {
      type: 'subscription_update_confirm';
      subscriptionId: string;
      itemId: string;
      priceId: string;
      quantity?: number;
      promotionCodeId?: string;
      couponId?: string;
    };

// One builder input per flow of the table, and no other.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type _PortalFlowTypes = Assert<Same<PortalFlow['type'], FlowType>>;
type Assert<T extends true> = T;

/** Where the portal's "Return to …" link leads, from any flow, at any time. */
const RETURN_PATH = '/account/return';

export function landingUrl(flow: PortalFlow, appUrl: string) {
  const url = new URL(FLOWS[flow.type].landingPath, appUrl);
  // Only tells the landing page which subscription's message to show; the page
  // re-checks that it belongs to the signed-in customer.
  if ('subscriptionId' in flow) url.searchParams.set('subscription', flow.subscriptionId);
  return url.toString();
}

function buildAfterCompletion(
  flow: PortalFlow,
  afterCompletion: AfterCompletionConfig,
  appUrl: string,
  locale?: PortalLocale,
): AfterCompletion {
  switch (afterCompletion.type) {
    case 'redirect':
      return { type: 'redirect', redirect: { return_url: landingUrl(flow, appUrl) } };
    case 'hosted_confirmation': {
      // The message is shown on Stripe's page, in the session's language.
      const message = textIn(afterCompletion.message, isLocale(locale) ? locale : DEFAULT_LOCALE);
      return { type: 'hosted_confirmation', ...(message ? { hosted_confirmation: { custom_message: message } } : {}) };
    }
    case 'portal_homepage':
      return { type: 'portal_homepage' };
  }
}

export function buildFlowData(flow: PortalFlow, afterCompletion: AfterCompletionConfig, appUrl: string, locale?: PortalLocale): FlowData {
  const after_completion = buildAfterCompletion(flow, afterCompletion, appUrl, locale);
  switch (flow.type) {
    case 'customer_update':
      return { type: 'customer_update', after_completion };
    case 'payment_method_update':
      return { type: 'payment_method_update', after_completion };
    case 'subscription_pause':
      return { type: 'subscription_pause', subscription_pause: { subscription: flow.subscriptionId }, after_completion };
    case 'subscription_cancel':
      return {
        type: 'subscription_cancel',
        subscription_cancel: {
          subscription: flow.subscriptionId,
          ...(flow.retentionCouponId ? { retention: { type: 'coupon_offer', coupon_offer: { coupon: flow.retentionCouponId } } } : {}),
        },
        after_completion,
      };
    case 'subscription_update':
      return { type: 'subscription_update', subscription_update: { subscription: flow.subscriptionId }, after_completion };
    case 'subscription_update_confirm': {
      const discounts = flow.promotionCodeId
        ? [{ promotion_code: flow.promotionCodeId }]
        : flow.couponId
          ? [{ coupon: flow.couponId }]
          : undefined;
      return {
        type: 'subscription_update_confirm',
        subscription_update_confirm: {
          subscription: flow.subscriptionId,
          items: [{ id: flow.itemId, price: flow.priceId, ...(flow.quantity ? { quantity: flow.quantity } : {}) }],
          ...(discounts ? { discounts } : {}),
        },
        after_completion,
      };
    }
  }
}

export interface PortalSessionInput {
  customerId: string;
  appUrl: string;
  /** A Stripe portal configuration id (`bpc_…`); Stripe's default when absent. */
  configurationId?: string;
  locale?: PortalLocale;
  /** No flow opens the portal's homepage ("Manage billing"). */
  flow?: { flow: PortalFlow; afterCompletion: AfterCompletionConfig };
  /** An expired link asks the customer to sign in to the portal again (`after_expiration: customer_login`). */
  recoverable?: boolean;
}

export function buildPortalSessionParams(input: PortalSessionInput): Stripe.BillingPortal.SessionCreateParams {
  return {
    customer: input.customerId,
    return_url: new URL(RETURN_PATH, input.appUrl).toString(),
    ...(input.configurationId ? { configuration: input.configurationId } : {}),
    ...(input.locale ? { locale: input.locale } : {}),
    ...(input.recoverable ? { after_expiration: { type: 'customer_login' } } : {}),
    ...(input.flow ? { flow_data: buildFlowData(input.flow.flow, input.flow.afterCompletion, input.appUrl, input.locale) } : {}),
  };
}
