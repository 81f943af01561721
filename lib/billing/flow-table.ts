import type Stripe from 'stripe';
import type { PortalConfigurationConfig } from './config-schema';

/**
 * Every portal flow the app deep-links into, in one table: the name its settings have in
 * billing.config.ts, our landing page for `after_completion.redirect`, and what the portal
 * configuration must allow for the flow to run. The landing paths, the config names and the
 * config checks are all read from here, so a flow is added in one place.
 */

type SdkFlowType = Stripe.BillingPortal.SessionCreateParams.FlowData.Type;

/** The flow types the pinned `stripe` package names: its union without the open-ended `string`. */
export type StripeFlowType = SdkFlowType extends infer T ? (T extends string ? (string extends T ? never : T) : never) : never;

/** The flow types this app offers a button for. */
export type FlowType = Extract<
  StripeFlowType,
  | 'customer_update'
  | 'payment_method_update'
  | 'subscription_cancel'
  | 'subscription_pause'
  | 'subscription_update'
  | 'subscription_update_confirm'
>;

interface FlowRecord {
  /** The key of the flow's settings under `flows` in billing.config.ts. */
  readonly configName: string;
  /** The button on our pages that opens the flow (English; README's "How a click works"). */
  readonly button: string;
  /**
   * Whether the session sets `after_expiration: customer_login`, so a link opened too late
   * offers a new session (on the portal's homepage) instead of a dead end. Yes for tasks a
   * customer may leave half-done to fetch something (a card, a tax ID); no for the ones that
   * act on one subscription in a state our page checked, which should be opened again from there.
   */
  readonly recoverable: boolean;
  /** Our page for `after_completion.redirect`, on APP_URL. */
  readonly landingPath: `/account/${string}`;
  /** Why a portal configuration cannot run this flow, or null when it can. */
  readonly refusal: (portal: PortalConfigurationConfig) => string | null;
}

export const FLOWS = {
  customer_update: {
    recoverable: true,
    configName: 'customerUpdate',
    button: 'Edit billing details',
    landingPath: '/account/billing-details-updated',
    refusal: (portal) => (portal.customerUpdate.length ? null : 'allows no customerUpdate fields'),
  },
  payment_method_update: {
    recoverable: true,
    configName: 'paymentMethodUpdate',
    button: 'Update card',
    landingPath: '/account/payment-method-updated',
    refusal: (portal) => (portal.paymentMethodUpdate ? null : 'has paymentMethodUpdate turned off'),
  },
  subscription_cancel: {
    recoverable: false,
    configName: 'subscriptionCancel',
    button: 'Cancel',
    landingPath: '/account/subscription-canceled',
    refusal: (portal) => (portal.subscriptionCancel ? null : 'has subscriptionCancel turned off'),
  },
  subscription_pause: {
    recoverable: false,
    configName: 'subscriptionPause',
    button: 'Pause',
    landingPath: '/account/subscription-paused',
    refusal: (portal) => (portal.subscriptionPause ? null : 'has subscriptionPause turned off'),
  },
  subscription_update: {
    recoverable: false,
    configName: 'subscriptionUpdate',
    button: 'Change plan',
    landingPath: '/account/plan-updated',
    refusal: (portal) => (portal.subscriptionUpdate ? null : 'has subscriptionUpdate turned off'),
  },
  subscription_update_confirm: {
    recoverable: false,
    configName: 'subscriptionUpdateConfirm',
    button: 'Switch to … (on /pricing), Update seats',
    landingPath: '/account/plan-updated',
    refusal: (portal) => (portal.subscriptionUpdate ? null : 'has subscriptionUpdate turned off'),
  },
} as const satisfies { readonly [Type in FlowType]: FlowRecord };

/** The name of a flow's settings in billing.config.ts (`paymentMethodUpdate`, …). */
export type FlowConfigName = (typeof FLOWS)[FlowType]['configName'];

/** The flow whose settings billing.config.ts keeps under `name`, if any. */
export function flowByConfigName(name: string): (typeof FLOWS)[FlowType] | undefined {
  return Object.values(FLOWS).find((flow) => flow.configName === name);
}
