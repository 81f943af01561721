import type Stripe from 'stripe';
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
  | { type: 'payment_method_update' }
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
export const RETURN_PATH = '/account/return';

export function landingUrl(flow: PortalFlow, appUrl: string) {
  const url = new URL(FLOWS[flow.type].landingPath, appUrl);
  // Only tells the landing page which subscription's message to show; the page
  // re-checks that it belongs to the signed-in customer.
  if ('subscriptionId' in flow) url.searchParams.set('subscription', flow.subscriptionId);
  return url.toString();
}

export function buildAfterCompletion(flow: PortalFlow, afterCompletion: AfterCompletionConfig, appUrl: string): AfterCompletion {
  switch (afterCompletion.type) {
    case 'redirect':
      return { type: 'redirect', redirect: { return_url: landingUrl(flow, appUrl) } };
    case 'hosted_confirmation':
      return {
        type: 'hosted_confirmation',
        ...(afterCompletion.message ? { hosted_confirmation: { custom_message: afterCompletion.message } } : {}),
      };
    case 'portal_homepage':
      return { type: 'portal_homepage' };
  }
}

export function buildFlowData(flow: PortalFlow, afterCompletion: AfterCompletionConfig, appUrl: string): FlowData {
  const after_completion = buildAfterCompletion(flow, afterCompletion, appUrl);
  switch (flow.type) {
    case 'payment_method_update':
      return { type: 'payment_method_update', after_completion };
    case 'subscription_cancel':
      return {
        type: 'subscription_cancel',
        subscription_cancel: {
          subscription: flow.subscriptionId,
          ...(flow.retentionCouponId
            ? { retention: { type: 'coupon_offer', coupon_offer: { coupon: flow.retentionCouponId } } }
            : {}),
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
}

export function buildPortalSessionParams(input: PortalSessionInput): Stripe.BillingPortal.SessionCreateParams {
  return {
    customer: input.customerId,
    return_url: new URL(RETURN_PATH, input.appUrl).toString(),
    ...(input.configurationId ? { configuration: input.configurationId } : {}),
    ...(input.locale ? { locale: input.locale } : {}),
    ...(input.flow ? { flow_data: buildFlowData(input.flow.flow, input.flow.afterCompletion, input.appUrl) } : {}),
  };
}

// The portal's languages (Stripe's `locale` enum, less `auto`), matched against
// the browser's Accept-Language so a French browser gets a French portal.
const PORTAL_LOCALES = [
  'bg', 'cs', 'da', 'de', 'el', 'en', 'en-AU', 'en-CA', 'en-GB', 'en-IE', 'en-IN', 'en-NZ', 'en-SG', 'es', 'es-419',
  'et', 'fi', 'fil', 'fr', 'fr-CA', 'hr', 'hu', 'id', 'it', 'ja', 'ko', 'lt', 'lv', 'ms', 'mt', 'nb', 'nl', 'pl',
  'pt', 'pt-BR', 'ro', 'ru', 'sk', 'sl', 'sv', 'th', 'tr', 'vi', 'zh', 'zh-HK', 'zh-TW',
] as const;

/**
 * The portal locale for an Accept-Language header: the first language the portal
 * speaks, exact region first, then the base language; `auto` when none matches.
 */
export function portalLocale(acceptLanguage: string | null | undefined): PortalLocale {
  if (!acceptLanguage) return 'auto';
  const wanted = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.trim(), q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((entry) => entry.tag && entry.tag !== '*' && Number.isFinite(entry.q) && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of wanted) {
    const exact = PORTAL_LOCALES.find((locale) => locale.toLowerCase() === tag.toLowerCase());
    if (exact) return exact;
    const base = tag.split('-')[0]?.toLowerCase();
    const general = PORTAL_LOCALES.find((locale) => locale === base);
    if (general) return general;
  }
  return 'auto';
}
