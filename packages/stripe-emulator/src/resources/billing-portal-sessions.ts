import type Stripe from 'stripe';
import { z } from 'zod';
import { invalidParam, invalidRequest, parameterMissing, resourceMissing } from '../errors.js';
import { recordEvent } from '../events.js';
import { customerIdOf, idOf } from '../ids.js';
import { formArray, formInt, parseParams } from '../params.js';
import { portalPath, requireUrl } from '../portal/urls.js';
import type { EmulatorConfig, EmulatorModule } from '../router.js';
import { randomString, type Store } from '../store.js';
import {
  configurationOffersPrice,
  defaultConfiguration,
  presentConfiguration,
  quantityBounds,
  requireConfiguration,
} from './billing-portal-configurations.js';
import { couponIsValid, requireCoupon } from './coupons.js';
import { requireCustomer } from './customers.js';
import { hasEnded, pauseRefusal, requireSubscription } from './subscriptions/index.js';

/**
 * Customer portal sessions (`POST /v1/billing_portal/sessions`). A session is a short-lived link to
 * the hosted portal (`/p/session/<secret>`, served by `emulator/portal`); with `flow_data` it deep
 * links into one task. Everything Stripe checks when the session is created is checked here, so a
 * session that exists can always be carried out.
 */

type Session = Stripe.BillingPortal.Session;
type Flow = Stripe.BillingPortal.Session.Flow;

export const PORTAL_LOCALES = [
  'auto', 'bg', 'cs', 'da', 'de', 'el', 'en', 'en-AU', 'en-CA', 'en-GB', 'en-IE', 'en-IN', 'en-NZ', 'en-SG', 'es',
  'es-419', 'et', 'fi', 'fil', 'fr', 'fr-CA', 'hr', 'hu', 'id', 'it', 'ja', 'ko', 'lt', 'lv', 'ms', 'mt', 'nb', 'nl',
  'pl', 'pt', 'pt-BR', 'ro', 'ru', 'sk', 'sl', 'sv', 'th', 'tr', 'vi', 'zh', 'zh-HK', 'zh-TW',
] as const;

const FLOW_TYPES = [
  'customer_update',
  'payment_method_update',
  'subscription_cancel',
  'subscription_pause',
  'subscription_update',
  'subscription_update_confirm',
] as const;

const MAX_CUSTOM_MESSAGE = 500;

const flowDataSchema = z.strictObject({
  type: z.enum(FLOW_TYPES),
  after_completion: z
    .strictObject({
      type: z.enum(['hosted_confirmation', 'portal_homepage', 'redirect']),
      hosted_confirmation: z.strictObject({ custom_message: z.string().optional() }).optional(),
      redirect: z.strictObject({ return_url: z.string() }).optional(),
    })
    .optional(),
  subscription_cancel: z
    .strictObject({
      subscription: z.string(),
      retention: z
        .strictObject({ type: z.enum(['coupon_offer']), coupon_offer: z.strictObject({ coupon: z.string() }) })
        .optional(),
    })
    .optional(),
  subscription_pause: z.strictObject({ subscription: z.string() }).optional(),
  subscription_update: z.strictObject({ subscription: z.string() }).optional(),
  subscription_update_confirm: z
    .strictObject({
      subscription: z.string(),
      items: formArray(
        z.strictObject({
          id: z.string(),
          price: z.string().optional(),
          quantity: formInt(z.number().int().min(0)).optional(),
        }),
      ),
      discounts: formArray(
        z.strictObject({ coupon: z.string().optional(), promotion_code: z.string().optional() }),
      ).optional(),
    })
    .optional(),
});

const createSchema = z.strictObject({
  customer: z.string().optional(),
  configuration: z.string().optional(),
  flow_data: flowDataSchema.optional(),
  locale: z.enum(PORTAL_LOCALES).optional(),
  return_url: z.string().optional(),
  after_expiration: z
    .strictObject({
      type: z.enum(['customer_login']),
      customer_login: z.strictObject({ expires_at: formInt().optional() }).optional(),
    })
    .optional(),
  // Known to Stripe, refused below with a clear reason rather than as unknown parameters.
  on_behalf_of: z.unknown().optional(),
  customer_account: z.unknown().optional(),
});

type FlowData = z.output<typeof flowDataSchema>;
export type PortalSessionCreateInput = z.output<typeof createSchema>;

/** What the hosted pages know about a session beyond the Stripe object. Keyed by the URL secret. */
export interface PortalSessionState {
  /** The secret in the session URL. */
  id: string;
  session: string;
  /** The URL must be opened before this time (created + `portalTtlSeconds`). */
  expires_at: number;
  /** When the URL was first opened; an opened portal stays usable for `OPENED_SESSION_SECONDS`. */
  opened_at: number | null;
  /** Set once the session's flow has been carried out; the flow cannot run again. */
  completed: { at: number; location: string } | null;
  /** Form submissions already applied, by their one-time token, with where they led. */
  submissions: Record<string, string>;
}

export const PORTAL_SESSION_STATE = 'portal_session_state';

/** How long a portal stays usable once its URL has been opened. */
export const OPENED_SESSION_SECONDS = 3600;

function unsupported(param: string, reason: string) {
  return invalidParam(`The local Stripe emulator does not support \`${param}\`: ${reason}`, param);
}

function requireSubscriptionOf(store: Store, id: string, customerId: string, param: string): Stripe.Subscription {
  const subscription = requireSubscription(store, id, param);
  if (customerIdOf(subscription) !== customerId) {
    throw invalidParam(`The subscription ${id} does not belong to the customer ${customerId}.`, param);
  }
  return subscription;
}

function requireUpdatable(subscription: Stripe.Subscription, configuration: Stripe.BillingPortal.Configuration): void {
  if (!configuration.features.subscription_update.enabled) {
    throw invalidRequest(
      'This subscription cannot be updated because the subscription update feature in the portal configuration is disabled.',
    );
  }
  if (hasEnded(subscription)) {
    throw invalidRequest(`The subscription ${subscription.id} is canceled and cannot be updated.`);
  }
}

/** Checks `flow_data` against the customer, the configuration and the subscription it names. */
function validateFlow(
  store: Store,
  flow: FlowData,
  customerId: string,
  configuration: Stripe.BillingPortal.Configuration,
): void {
  const completion = flow.after_completion;
  if (completion?.type === 'redirect') {
    if (!completion.redirect) throw parameterMissing('flow_data[after_completion][redirect]');
    requireUrl(completion.redirect.return_url, 'flow_data[after_completion][redirect][return_url]');
  }
  const message = completion?.hosted_confirmation?.custom_message;
  if (message !== undefined && message.length > MAX_CUSTOM_MESSAGE) {
    throw invalidParam(
      `Invalid string: ${message.slice(0, 20)}...; must be at most ${MAX_CUSTOM_MESSAGE} characters`,
      'flow_data[after_completion][hosted_confirmation][custom_message]',
    );
  }

  switch (flow.type) {
    case 'customer_update':
      if (!configuration.features.customer_update.enabled || configuration.features.customer_update.allowed_updates.length === 0) {
        throw invalidRequest(
          'The customer cannot be updated because the customer update feature in the portal configuration is disabled.',
        );
      }
      return;
    case 'payment_method_update':
      return;
    case 'subscription_pause': {
      const pause = flow.subscription_pause;
      if (!pause) throw parameterMissing('flow_data[subscription_pause]');
      const param = 'flow_data[subscription_pause][subscription]';
      const subscription = requireSubscriptionOf(store, pause.subscription, customerId, param);
      if (!configuration.features.subscription_pause.enabled) {
        throw invalidRequest(
          'This subscription cannot be paused because the subscription pause feature in the portal configuration is disabled.',
        );
      }
      const refusal = pauseRefusal(subscription);
      if (refusal) throw invalidParam(refusal, param);
      return;
    }
    case 'subscription_cancel': {
      const cancel = flow.subscription_cancel;
      if (!cancel) throw parameterMissing('flow_data[subscription_cancel]');
      const param = 'flow_data[subscription_cancel][subscription]';
      const subscription = requireSubscriptionOf(store, cancel.subscription, customerId, param);
      if (
        hasEnded(subscription) ||
        subscription.cancel_at_period_end ||
        subscription.cancel_at !== null
      ) {
        throw invalidParam(`The subscription ${subscription.id} is already set to be canceled at period end.`, param);
      }
      if (cancel.retention) {
        const couponParam = 'flow_data[subscription_cancel][retention][coupon_offer][coupon]';
        const coupon = requireCoupon(store, cancel.retention.coupon_offer.coupon, couponParam);
        if (!couponIsValid(store, coupon)) throw invalidParam(`Coupon ${coupon.id} is no longer valid.`, couponParam);
      }
      return;
    }
    case 'subscription_update': {
      const update = flow.subscription_update;
      if (!update) throw parameterMissing('flow_data[subscription_update]');
      const subscription = requireSubscriptionOf(store, update.subscription, customerId, 'flow_data[subscription_update][subscription]');
      requireUpdatable(subscription, configuration);
      return;
    }
    case 'subscription_update_confirm': {
      const confirm = flow.subscription_update_confirm;
      if (!confirm) throw parameterMissing('flow_data[subscription_update_confirm]');
      validateUpdateConfirm(store, confirm, customerId, configuration);
      return;
    }
  }
}

function validateUpdateConfirm(
  store: Store,
  confirm: NonNullable<FlowData['subscription_update_confirm']>,
  customerId: string,
  configuration: Stripe.BillingPortal.Configuration,
): void {
  const base = 'flow_data[subscription_update_confirm]';
  const subscription = requireSubscriptionOf(store, confirm.subscription, customerId, `${base}[subscription]`);
  requireUpdatable(subscription, configuration);

  const [item, ...others] = confirm.items;
  if (!item) throw parameterMissing(`${base}[items]`);
  if (others.length > 0) throw invalidParam('Only one subscription item can be updated in this flow.', `${base}[items]`);
  if (subscription.items.data.length > 1) {
    throw invalidParam(`The subscription ${subscription.id} has more than one item and cannot be updated in this flow.`, `${base}[subscription]`);
  }
  const current = subscription.items.data.find((entry) => entry.id === item.id);
  if (!current) throw resourceMissing('subscription_item', item.id, `${base}[items][0][id]`);

  if (item.price !== undefined) {
    const price = store.prices.get(item.price);
    if (!price) throw resourceMissing('price', item.price, `${base}[items][0][price]`);
    if (!configurationOffersPrice(configuration, price.id)) {
      throw invalidParam(
        `The price ${price.id} is not one of the prices the portal configuration offers for subscription updates (features[subscription_update][products]).`,
        `${base}[items][0][price]`,
      );
    }
  }
  if (item.quantity !== undefined && item.quantity !== (current.quantity ?? 1)) {
    const price = item.price !== undefined ? store.prices.get(item.price) : current.price;
    const problem = price ? quantityProblem(configuration, idOf(price.product), item.quantity) : null;
    if (problem) throw invalidParam(problem, `${base}[items][0][quantity]`);
  }

  const discounts = confirm.discounts ?? [];
  if (discounts.length > 1) throw invalidParam('Only one discount can be applied in this flow.', `${base}[discounts]`);
  discounts.forEach((discount, index) => {
    const param = `${base}[discounts][${index}]`;
    if ((discount.coupon === undefined) === (discount.promotion_code === undefined)) {
      throw invalidParam('You must specify exactly one of `coupon` or `promotion_code` in each discount.', param);
    }
    if (discount.coupon !== undefined) {
      const coupon = requireCoupon(store, discount.coupon, `${param}[coupon]`);
      if (!couponIsValid(store, coupon)) throw invalidParam(`Coupon ${coupon.id} is no longer valid.`, `${param}[coupon]`);
    }
    if (discount.promotion_code !== undefined) {
      const promotionCode = store.promotion_codes.get(discount.promotion_code);
      if (!promotionCode) throw resourceMissing('promotion code', discount.promotion_code, `${param}[promotion_code]`);
      if (!promotionCode.active) {
        throw invalidParam(`The promotion code ${promotionCode.id} is not active.`, `${param}[promotion_code]`);
      }
    }
  });

  const priceChanges = item.price !== undefined && item.price !== current.price.id;
  const quantityChanges = item.quantity !== undefined && item.quantity !== (current.quantity ?? 1);
  if (!priceChanges && !quantityChanges && discounts.length === 0) {
    throw invalidRequest('Cannot update the subscription because there are no changes to confirm.');
  }
}

/** Why the configuration does not let a customer choose `quantity` of the product, or null. */
export function quantityProblem(configuration: Stripe.BillingPortal.Configuration, productId: string, quantity: number): string | null {
  const bounds = quantityBounds(configuration, productId);
  if (!bounds) {
    return `The quantity of product ${productId} cannot be changed: the portal configuration does not make it adjustable (features[subscription_update][products][][adjustable_quantity]).`;
  }
  if (quantity < bounds.minimum) {
    return `The quantity ${quantity} is below the minimum of ${bounds.minimum} the portal configuration allows for product ${productId}.`;
  }
  if (bounds.maximum !== null && quantity > bounds.maximum) {
    return `The quantity ${quantity} is above the maximum of ${bounds.maximum} the portal configuration allows for product ${productId}.`;
  }
  return null;
}

/** `flow` as Stripe returns it: `after_completion` and the sub-object of the flow's type, the others null. */
function flowObject(flow: FlowData): Flow {
  const completion = flow.after_completion ?? { type: 'portal_homepage' as const };
  const cancel = flow.type === 'subscription_cancel' ? flow.subscription_cancel : undefined;
  const update = flow.type === 'subscription_update' ? flow.subscription_update : undefined;
  const confirm = flow.type === 'subscription_update_confirm' ? flow.subscription_update_confirm : undefined;
  const pause = flow.type === 'subscription_pause' ? flow.subscription_pause : undefined;
  return {
    after_completion: {
      hosted_confirmation:
        completion.type === 'hosted_confirmation'
          ? { custom_message: completion.hosted_confirmation?.custom_message ?? null }
          : null,
      redirect: completion.type === 'redirect' && completion.redirect ? { return_url: completion.redirect.return_url } : null,
      type: completion.type,
    },
    customer_update: flow.type === 'customer_update' ? {} : null,
    subscription_cancel: cancel
      ? {
          retention: cancel.retention
            ? { coupon_offer: { coupon: cancel.retention.coupon_offer.coupon }, type: 'coupon_offer' }
            : null,
          subscription: cancel.subscription,
        }
      : null,
    subscription_pause: pause ? { subscription: pause.subscription } : null,
    subscription_update: update ? { subscription: update.subscription } : null,
    subscription_update_confirm: confirm
      ? {
          discounts: confirm.discounts
            ? confirm.discounts.map((discount) => ({
                coupon: discount.coupon ?? null,
                promotion_code: discount.promotion_code ?? null,
              }))
            : null,
          items: confirm.items.map((item) => ({
            id: item.id,
            price: item.price ?? null,
            ...(item.quantity !== undefined && { quantity: item.quantity }),
          })),
          subscription: confirm.subscription,
        }
      : null,
    type: flow.type,
  };
}

function resolveConfiguration(store: Store, id: string | undefined): Stripe.BillingPortal.Configuration {
  if (id !== undefined) {
    const configuration = requireConfiguration(store, id, 'configuration');
    if (!configuration.active) {
      throw invalidParam(`The configuration ${id} is not active and cannot be used to create portal sessions.`, 'configuration');
    }
    return configuration;
  }
  const configuration = defaultConfiguration(store);
  if (!configuration) {
    throw invalidRequest(
      'You can’t create a portal session in test mode until you save your customer portal settings in test mode at https://dashboard.stripe.com/test/settings/billing/portal.',
    );
  }
  return configuration;
}

export function createPortalSession(store: Store, config: EmulatorConfig, params: PortalSessionCreateInput): Session {
  if (params.on_behalf_of !== undefined) {
    throw unsupported('on_behalf_of', 'there are no connected accounts in the emulator.');
  }
  if (params.customer_account !== undefined) {
    throw unsupported('customer_account', 'Accounts v2 customers are not emulated; pass `customer`.');
  }
  if (params.customer === undefined) throw parameterMissing('customer');
  const customer = requireCustomer(store, params.customer, 'customer');
  const configuration = resolveConfiguration(store, params.configuration);

  let returnUrl = configuration.default_return_url;
  if (params.return_url !== undefined) returnUrl = requireUrl(params.return_url, 'return_url');
  if (returnUrl === null) {
    throw invalidParam(
      'Your PortalConfiguration does not have a `default_return_url`, and you did not provide a `return_url`.',
      'return_url',
    );
  }
  if (params.flow_data) validateFlow(store, params.flow_data, customer.id, configuration);
  const recoverUntil = params.after_expiration?.customer_login?.expires_at;
  if (recoverUntil !== undefined && recoverUntil <= store.now()) {
    throw invalidParam('`expires_at` must be in the future.', 'after_expiration[customer_login][expires_at]');
  }

  return openPortalSession(store, config, {
    customer: customer.id,
    configuration: configuration.id,
    returnUrl,
    locale: params.locale ?? null,
    flow: params.flow_data ? flowObject(params.flow_data) : null,
    afterExpiration: params.after_expiration
      ? { type: 'customer_login', customer_login: { expires_at: recoverUntil ?? null } }
      : null,
  });
}

/** Stores a session and its page state, records `billing_portal.session.created`. */
export function openPortalSession(
  store: Store,
  config: EmulatorConfig,
  input: {
    customer: string;
    configuration: string;
    returnUrl: string | null;
    locale: Stripe.BillingPortal.Session.Locale | null;
    flow: Flow | null;
    /** Only sessions created with `after_expiration` carry the field (the fixture predates it). */
    afterExpiration?: Stripe.BillingPortal.Session.AfterExpiration | null;
  },
): Session {
  const secret = `test_${randomString(48)}`;
  const now = store.now();
  const session: Session = {
    id: store.newId('bps'),
    object: 'billing_portal.session',
    ...(input.afterExpiration && { after_expiration: input.afterExpiration }),
    configuration: input.configuration,
    created: now,
    customer: input.customer,
    customer_account: null,
    flow: input.flow,
    livemode: false,
    locale: input.locale,
    on_behalf_of: null,
    return_url: input.returnUrl,
    url: `${config.baseUrl}${portalPath(secret)}`,
  };
  store.billing_portal_sessions.set(session);
  store.extra<PortalSessionState>(PORTAL_SESSION_STATE).set({
    id: secret,
    session: session.id,
    expires_at: now + config.portalTtlSeconds,
    opened_at: null,
    completed: null,
    submissions: {},
  });
  recordEvent(store, 'billing_portal.session.created', session);
  return session;
}

export const billingPortalSessionsModule: EmulatorModule = {
  name: 'billing_portal.sessions',
  apiRoutes: [
    {
      method: 'POST',
      path: '/v1/billing_portal/sessions',
      handler: ({ store, config, params, expand }) => {
        const session = createPortalSession(store, config, parseParams(createSchema, params));
        // `configuration` is expandable; the configuration shown is its API representation.
        if (!expand.includes('configuration')) return session;
        const configuration = requireConfiguration(store, String(session.configuration));
        return { ...session, configuration: presentConfiguration(configuration, expand, 'configuration.') };
      },
    },
  ],
  resolve: (store, id) => (id.startsWith('bps_') ? store.billing_portal_sessions.get(id) : undefined),
};
