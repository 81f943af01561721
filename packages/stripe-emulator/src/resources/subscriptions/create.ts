import type Stripe from 'stripe';
import { cardError, invalidRequest, parameterMissing } from '../../errors.js';
import { recordEvent } from '../../events.js';
import { mergeMetadata } from '../../params.js';
import type { Store } from '../../store.js';
import { addInterval } from '../amounts.js';
import { requireCustomer, saveCustomer } from '../customers.js';
import { applyDiscountInputs, validateDiscountInputs } from '../discounts.js';
import { buildInvoice, defaultPaymentMethodFor, issueInvoice, paymentOutcome } from '../invoices/index.js';
import { consumeOnceDiscounts, recurringLine, trialLine } from './invoicing.js';
import {
  attachedPaymentMethod,
  buildItem,
  discountIdsOf,
  intervalOf,
  itemsList,
  NO_CANCELLATION,
  NO_PAYMENT_METHOD,
  renderSubscription,
  requireSameInterval,
  resolveCancelAt,
  subscribablePrice,
} from './records.js';
import { requireSubscription } from './renewal.js';
import type { SubscriptionCreateInput } from './schemas.js';

/**
 * Creates a subscription and its first invoice, paid right away with the default card unless
 * there is a trial, nothing is due, or `payment_behavior` says otherwise. Records
 * `customer.subscription.created` and the invoice's events. `schedule` names the schedule that
 * creates it (`POST /v1/subscription_schedules` with phases), which the caller then stores.
 */
export function createSubscription(store: Store, params: SubscriptionCreateInput, schedule: string | null = null): Stripe.Subscription {
  const customer = requireCustomer(store, params.customer, 'customer');
  const [firstItemParam] = params.items;
  if (!firstItemParam) throw parameterMissing('items');
  const { currency } = subscribablePrice(store, firstItemParam.price, 'items[0][price]', null);
  const prices = params.items.map((item, index) => subscribablePrice(store, item.price, `items[${index}][price]`, currency));
  requireSameInterval(prices, 'items');
  const seen = new Set<string>();
  prices.forEach((price, index) => {
    if (seen.has(price.id)) {
      throw invalidRequest(`Cannot add multiple subscription items with the same price: ${price.id}`, `items[${index}][price]`);
    }
    seen.add(price.id);
  });
  if (params.default_payment_method) {
    attachedPaymentMethod(store, customer.id, params.default_payment_method, 'default_payment_method');
  }
  validateDiscountInputs(store, params.discounts ?? [], null);

  const now = store.now();
  const { interval, count } = intervalOf(prices[0]!);
  const trialEnds = trialEndFor(params, prices, now);
  const anchor = trialEnds ?? now;
  const period = trialEnds ? { start: now, end: trialEnds } : { start: now, end: addInterval(now, interval, count) };
  const id = store.newId('sub');
  const items = params.items.map((item, index) =>
    buildItem(store, id, prices[index]!, item.quantity ?? 1, mergeMetadata({}, item.metadata), period),
  );
  const collectionMethod = params.collection_method ?? 'charge_automatically';
  const cancelAtValue =
    params.cancel_at !== undefined
      ? resolveCancelAt(params.cancel_at, period.end, now, 'cancel_at')
      : params.cancel_at_period_end
        ? period.end
        : null;

  let subscription: Stripe.Subscription = {
    id,
    object: 'subscription',
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: anchor,
    billing_cycle_anchor_config: null,
    billing_mode:
      params.billing_mode?.type === 'classic'
        ? { flexible: null, type: 'classic' }
        : { flexible: { proration_discounts: params.billing_mode?.flexible?.proration_discounts ?? 'included' }, type: 'flexible' },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: cancelAtValue,
    cancel_at_period_end: params.cancel_at_period_end ?? false,
    canceled_at: cancelAtValue !== null ? now : null,
    cancellation_details: { ...NO_CANCELLATION, reason: cancelAtValue !== null ? 'cancellation_requested' : null },
    collection_method: collectionMethod,
    created: now,
    currency,
    customer: customer.id,
    customer_account: null,
    days_until_due: collectionMethod === 'send_invoice' ? (params.days_until_due ?? 30) : null,
    default_payment_method: params.default_payment_method ?? null,
    default_source: null,
    default_tax_rates: [],
    description: params.description ?? null,
    discounts: [],
    ended_at: null,
    invoice_settings: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: { type: 'self' } },
    items: itemsList(id, items),
    latest_invoice: null,
    livemode: false,
    managed_payments: null,
    metadata: mergeMetadata({}, params.metadata),
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: 'off' },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule,
    start_date: now,
    status: trialEnds ? 'trialing' : 'incomplete',
    test_clock: null,
    transfer_data: null,
    trial_end: trialEnds,
    trial_settings: {
      end_behavior: {
        billing_cycle_anchor: null,
        missing_payment_method: params.trial_settings?.end_behavior.missing_payment_method ?? 'create_invoice',
      },
    },
    trial_start: trialEnds ? now : null,
  };
  // Discounts need the subscription's id; the subscription is stored once, complete, below.
  subscription = {
    ...subscription,
    discounts: applyDiscountInputs(store, params.discounts ?? [], { customer: customer.id, subscription: id }),
  };

  const draft = buildInvoice(store, {
    customer: customer.id,
    subscription,
    billingReason: 'subscription_create',
    lines: items.map((item) => (trialEnds ? trialLine(store, item, period) : recurringLine(store, item, period))),
    discounts: trialEnds ? [] : discountIdsOf(subscription),
    currency,
    periodStart: now,
    periodEnd: now,
  });
  const behavior = params.payment_behavior ?? 'allow_incomplete';
  let outcome = paymentOutcome(store, draft, defaultPaymentMethodFor(store, subscription, customer.id));
  if (behavior !== 'default_incomplete') {
    if (outcome.kind === 'no_payment_method') throw invalidRequest(NO_PAYMENT_METHOD);
    if (outcome.kind === 'fails' && behavior === 'error_if_incomplete') throw cardError(outcome.failure);
  } else if (outcome.kind === 'succeeds' || outcome.kind === 'fails') {
    // The first payment is confirmed by the client (a PaymentIntent) with `default_incomplete`.
    outcome = { kind: 'no_payment_method' };
  }

  const status: Stripe.Subscription.Status = trialEnds
    ? 'trialing'
    : outcome.kind === 'fails' || outcome.kind === 'no_payment_method'
      ? 'incomplete'
      : 'active';
  subscription = { ...subscription, status, latest_invoice: draft.id };
  store.subscriptions.set(subscription);
  if (!customer.currency) saveCustomer(store, customer, { ...customer, currency });
  recordEvent(store, 'customer.subscription.created', renderSubscription(store, subscription));
  const invoice = issueInvoice(store, draft, outcome);
  const remaining = consumeOnceDiscounts(store, subscription, invoice);
  if (remaining.length !== subscription.discounts.length) {
    store.subscriptions.set({ ...subscription, discounts: remaining });
  }
  return requireSubscription(store, id);
}

function trialEndFor(params: SubscriptionCreateInput, prices: readonly Stripe.Price[], now: number): number | null {
  if (params.trial_end === 'now') return null;
  if (params.trial_end !== undefined) {
    if (params.trial_end <= now) throw invalidRequest('Invalid timestamp: must be an integer Unix timestamp in the future.', 'trial_end');
    return params.trial_end;
  }
  const days = params.trial_period_days ?? (params.trial_from_plan ? prices[0]?.recurring?.trial_period_days : null) ?? 0;
  return days > 0 ? now + days * 86_400 : null;
}
