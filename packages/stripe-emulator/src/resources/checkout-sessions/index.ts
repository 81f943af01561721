import type Stripe from 'stripe';
import { z } from 'zod';
import { invalidParam, invalidRequest, parameterMissing, resourceMissing } from '../../errors.js';
import { changedAttributes, recordEvent } from '../../events.js';
import { matchesFilters } from '../../list.js';
import { createRoute, idRoute, inRange, listRoute, mergeMetadata, pageRoute, retrieveRoute } from '../../params.js';
import { requireUrl } from '../../portal/urls.js';
import { pathParam, type ApiRequest, type EmulatorConfig, type EmulatorModule } from '../../router.js';
import { type Store } from '../../store.js';
import { requireCustomer } from '../customers.js';
import { buildLineItems, checkoutAmounts, couponFor, validateDiscounts, validatePrices } from './line-items.js';
import {
  createSchema,
  DEFAULT_LIFETIME,
  lineItemsListSchema,
  listSchema,
  MIN_LIFETIME,
  type CheckoutSessionCreateInput,
} from './schemas.js';

export { checkoutAmounts, couponFor } from './line-items.js';

/**
 * Checkout Sessions (`/v1/checkout/sessions`) in `subscription` mode: a hosted page (`/c/<id>`,
 * served by `emulator/checkout`) where a customer gives an email and a card, and which then creates
 * the customer, the subscription and its first invoice through the same functions the API uses.
 */

/**
 * The stored session. Stripe's fixture for `checkout.session` has no `allowed_payment_method_types`,
 * which the SDK's type declares; the emulator follows the fixture.
 */
type SessionRecord = Omit<Stripe.Checkout.Session, 'allowed_payment_method_types'>;
type Session = Stripe.Checkout.Session;

/** What the hosted page needs beyond the Stripe object: the line items and how to fulfil the session. */
export interface CheckoutSessionState {
  id: string;
  line_items: Stripe.LineItem[];
  subscription_data: {
    metadata: Record<string, string>;
    trial_period_days: number | null;
    description: string | null;
    /** What happens when the trial ends without a card (`subscription_data.trial_settings`); absent on older sessions. */
    missing_payment_method?: 'cancel' | 'create_invoice' | 'pause' | null;
  };
}

const CHECKOUT_SESSION_STATE = 'checkout_session_state';

export function checkoutState(store: Store, id: string): CheckoutSessionState {
  const state = store.extra<CheckoutSessionState>(CHECKOUT_SESSION_STATE).get(id);
  if (!state) throw resourceMissing('checkout.session', id, 'session');
  return state;
}

/** A session as the API returns it, expired first if its time has passed (`checkout.session.expired`). */
export function requireCheckoutSession(store: Store, id: string, param = 'session'): Session {
  const session = store.checkout_sessions.get(id);
  if (!session) throw resourceMissing('checkout.session', id, param);
  if (session.status === 'open' && session.expires_at <= store.now()) return expireCheckoutSession(store, id);
  return session;
}

function createCheckoutSession(store: Store, config: EmulatorConfig, params: CheckoutSessionCreateInput): Session {
  if (params.mode === undefined) throw parameterMissing('mode');
  if (params.mode !== 'subscription') {
    throw invalidParam(
      `The local Stripe emulator only supports Checkout Sessions in \`subscription\` mode, not \`${params.mode}\`.`,
      'mode',
    );
  }
  if (params.customer !== undefined && params.customer_email !== undefined) {
    throw invalidRequest('You may only specify one of these parameters: customer, customer_email.', 'customer');
  }
  if (params.allow_promotion_codes && params.discounts !== undefined) {
    throw invalidRequest('You may only specify one of these parameters: allow_promotion_codes, discounts.', 'allow_promotion_codes');
  }
  const customer = params.customer !== undefined ? requireCustomer(store, params.customer, 'customer') : null;
  const items = params.line_items ?? [];
  const prices = validatePrices(store, items);
  if (params.success_url === undefined) throw parameterMissing('success_url');
  requireUrl(params.success_url, 'success_url');
  if (params.cancel_url !== undefined) requireUrl(params.cancel_url, 'cancel_url');
  const discounts = validateDiscounts(store, params.discounts);

  const now = store.now();
  let expiresAt = now + DEFAULT_LIFETIME;
  if (params.expires_at !== undefined) {
    if (params.expires_at < now + MIN_LIFETIME || params.expires_at > now + DEFAULT_LIFETIME) {
      throw invalidParam(
        'The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.',
        'expires_at',
      );
    }
    expiresAt = params.expires_at;
  }

  const id = store.newId('cs_test');
  const lineItems = buildLineItems(store, prices, items);
  const trialDays = params.subscription_data?.trial_period_days ?? null;
  const coupon = discounts?.[0] ? couponFor(store, discounts[0]) : undefined;
  const amounts = checkoutAmounts(lineItems, coupon, trialDays !== null);
  const record: SessionRecord = {
    id,
    object: 'checkout.session',
    adaptive_pricing: { enabled: false },
    after_expiration: null,
    allow_promotion_codes: params.allow_promotion_codes ?? null,
    amount_subtotal: amounts.subtotal,
    amount_total: amounts.total,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null,
    cancel_url: params.cancel_url ?? null,
    client_reference_id: params.client_reference_id ?? null,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: now,
    currency: prices[0]?.currency ?? null,
    currency_conversion: null,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: customer?.id ?? null,
    customer_account: null,
    customer_creation: null,
    customer_details: customer
      ? {
          address: null,
          business_name: null,
          email: customer.email,
          individual_name: null,
          name: customer.name ?? null,
          phone: customer.phone ?? null,
          tax_exempt: customer.tax_exempt ?? 'none',
          tax_ids: [],
        }
      : null,
    customer_email: params.customer_email ?? null,
    discounts,
    expires_at: expiresAt,
    integration_identifier: null,
    invoice: null,
    invoice_creation: null,
    livemode: false,
    locale: params.locale ?? null,
    managed_payments: { enabled: false },
    metadata: mergeMetadata({}, params.metadata),
    mode: 'subscription',
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: params.payment_method_collection ?? 'always',
    payment_method_configuration_details: null,
    payment_method_options: {},
    payment_method_types: ['card'],
    payment_status: 'unpaid',
    permissions: null,
    phone_number_collection: { enabled: false },
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: 'open',
    submit_type: null,
    subscription: null,
    success_url: params.success_url,
    total_details: { amount_discount: amounts.discount, amount_shipping: 0, amount_tax: 0 },
    ui_mode: 'hosted_page',
    url: `${config.baseUrl}/c/${id}`,
    wallet_options: null,
  };
  const session = record as Session;
  store.checkout_sessions.set(session);
  store.extra<CheckoutSessionState>(CHECKOUT_SESSION_STATE).set({
    id,
    line_items: lineItems,
    subscription_data: {
      metadata: mergeMetadata({}, params.subscription_data?.metadata),
      trial_period_days: trialDays,
      description: params.subscription_data?.description ?? null,
      missing_payment_method: params.subscription_data?.trial_settings?.end_behavior.missing_payment_method ?? null,
    },
  });
  return session;
}

/**
 * Whether the hosted page asks for a card: always, unless `payment_method_collection` is
 * `if_required` and nothing is due today (a trial, or a total of zero).
 */
export function collectsCard(session: Session): boolean {
  return session.payment_method_collection !== 'if_required' || (session.amount_total ?? 0) > 0;
}

function expireCheckoutSession(store: Store, id: string): Session {
  const before = store.checkout_sessions.get(id);
  if (!before) throw resourceMissing('checkout.session', id, 'session');
  if (before.status !== 'open') {
    throw invalidRequest(
      `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of \`${before.status}\`.`,
    );
  }
  const expired: Session = { ...before, status: 'expired', url: null };
  store.checkout_sessions.set(expired);
  recordEvent(store, 'checkout.session.expired', expired, changedAttributes(before, expired));
  return expired;
}

/** A session as the API answers it: `line_items` is includable, embedded only when expanded. */
function presentSession(session: Session, { store, expand }: Pick<ApiRequest, 'store' | 'expand'>, prefix = ''): Session {
  if (!expand.includes(`${prefix}line_items`)) return session;
  const state = checkoutState(store, session.id);
  return {
    ...session,
    line_items: { object: 'list', data: state.line_items, has_more: false, url: `/v1/checkout/sessions/${session.id}/line_items` },
  };
}

function sessionsMatching(store: Store, params: z.output<typeof listSchema>): Session[] {
  return store.checkout_sessions
    .values()
    .map((session) => requireCheckoutSession(store, session.id))
    .filter(
      (session) =>
        matchesFilters(params, { customer: session.customer, status: session.status, subscription: session.subscription }) &&
        inRange(session.created, params.created),
    );
}

export const checkoutSessionsModule: EmulatorModule = {
  name: 'checkout.sessions',
  apiRoutes: [
    createRoute('/v1/checkout/sessions', createSchema, (store, params, { config, expand }) =>
      presentSession(createCheckoutSession(store, config, params), { store, expand }),
    ),
    listRoute('/v1/checkout/sessions', listSchema, 'checkout.session', sessionsMatching, (session, request) =>
      presentSession(session, request, 'data.'),
    ),
    retrieveRoute('/v1/checkout/sessions/:id', requireCheckoutSession, presentSession),
    idRoute(
      'POST',
      '/v1/checkout/sessions/:id/expire',
      (store, id) => expireCheckoutSession(store, requireCheckoutSession(store, id).id),
      presentSession,
    ),
    pageRoute('/v1/checkout/sessions/:id/line_items', lineItemsListSchema, 'item', (request) => {
      const id = pathParam(request, 'id');
      requireCheckoutSession(request.store, id);
      return checkoutState(request.store, id).line_items;
    }),
  ],
  resolve: (store, id) => (id.startsWith('cs_') ? store.checkout_sessions.get(id) : undefined),
};
