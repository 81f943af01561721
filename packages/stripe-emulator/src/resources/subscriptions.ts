import type Stripe from 'stripe';
import { z } from 'zod';
import { cardError, invalidRequest, parameterMissing, resourceMissing } from '../errors.js';
import { changedAttributes, recordEvent } from '../events.js';
import { listObject, newestFirst } from '../list.js';
import {
  emptyable,
  formArray,
  formBool,
  formInt,
  inRange,
  mergeMetadata,
  metadataParam,
  noParams,
  paginationShape,
  parseParams,
  rangeQuery,
} from '../params.js';
import { pathParam, type EmulatorModule } from '../router.js';
import type { Store } from '../store.js';
import { addInterval, decimal, formatAmount, formatDate, type Interval } from './amounts.js';
import { requireCustomer, saveCustomer } from './customers.js';
import { applyDiscountInputs, couponOf, deleteDiscount, discountParam, validateDiscountInputs } from './discounts.js';
import {
  buildInvoice,
  defaultPaymentMethodFor,
  issueInvoice,
  paymentOutcome,
  type LineDraft,
  type PaymentOutcome,
} from './invoices.js';
import { planFromPrice, requirePrice } from './prices.js';

/**
 * Subscriptions, their items and the invoices they produce. Periods live on the items
 * (`current_period_start`/`current_period_end`), as in current API versions; all items of a
 * subscription share one billing period.
 *
 * Stripe's fixture for `subscription_item` has no `current_trial`, which the SDK's type declares;
 * the emulator follows the fixture.
 */
type SubscriptionItemRecord = Omit<Stripe.SubscriptionItem, 'current_trial'>;

const feedbackValues = [
  'customer_service',
  'low_quality',
  'missing_features',
  'other',
  'switched_service',
  'too_complex',
  'too_expensive',
  'unused',
] as const;

const prorationBehavior = z.enum(['create_prorations', 'none', 'always_invoice']);
// Since API version 2026-09-30.endive an anchor change is an object, `billing_cycle_anchor[type]=now`;
// the old string form is refused ("Invalid object"). Invoice previews also take `type: 'timestamp'`
// with a `timestamp`, which the emulator does not model: that type is refused as an invalid value.
const billingCycleAnchorChange = z.strictObject({ type: z.enum(['now', 'unchanged']) });
const previewBillingCycleAnchor = billingCycleAnchorChange.extend({ timestamp: formInt().optional() });
const paymentBehavior = z.enum(['allow_incomplete', 'default_incomplete', 'error_if_incomplete']);
const trialEnd = z.union([z.literal('now'), formInt()]);
const cancelAt = z.union([formInt(), z.enum(['max_period_end', 'min_period_end'])]);

const createSchema = z.strictObject({
  customer: z.string(),
  items: formArray(
    z.strictObject({
      price: z.string(),
      quantity: formInt(z.number().int().min(1)).optional(),
      metadata: metadataParam().optional(),
    }),
  ),
  default_payment_method: z.string().optional(),
  discounts: emptyable(formArray(discountParam)).optional(),
  trial_period_days: formInt(z.number().int().min(0).max(730)).optional(),
  trial_end: trialEnd.optional(),
  trial_from_plan: formBool().optional(),
  cancel_at_period_end: formBool().optional(),
  cancel_at: cancelAt.optional(),
  collection_method: z.enum(['charge_automatically', 'send_invoice']).optional(),
  days_until_due: formInt(z.number().int().min(0)).optional(),
  description: z.string().optional(),
  metadata: metadataParam().optional(),
  payment_behavior: paymentBehavior.optional(),
  proration_behavior: prorationBehavior.optional(),
  off_session: formBool().optional(),
});

const itemChangeParam = z.strictObject({
  id: z.string().optional(),
  price: z.string().optional(),
  quantity: formInt(z.number().int().min(0)).optional(),
  deleted: formBool().optional(),
  clear_usage: formBool().optional(),
  metadata: metadataParam().optional(),
});

const updateSchema = z.strictObject({
  items: formArray(itemChangeParam).optional(),
  default_payment_method: emptyable(z.string()).optional(),
  discounts: emptyable(formArray(discountParam)).optional(),
  cancel_at_period_end: formBool().optional(),
  cancel_at: emptyable(cancelAt).optional(),
  cancellation_details: z
    .strictObject({
      comment: emptyable(z.string()).optional(),
      feedback: emptyable(z.enum(feedbackValues)).optional(),
    })
    .optional(),
  proration_behavior: prorationBehavior.optional(),
  proration_date: formInt().optional(),
  payment_behavior: paymentBehavior.optional(),
  billing_cycle_anchor: billingCycleAnchorChange.optional(),
  trial_end: trialEnd.optional(),
  collection_method: z.enum(['charge_automatically', 'send_invoice']).optional(),
  days_until_due: formInt(z.number().int().min(0)).optional(),
  description: emptyable(z.string()).optional(),
  metadata: metadataParam().optional(),
  off_session: formBool().optional(),
});

const cancelSchema = z.strictObject({
  cancellation_details: z
    .strictObject({
      comment: emptyable(z.string()).optional(),
      feedback: emptyable(z.enum(feedbackValues)).optional(),
    })
    .optional(),
  invoice_now: formBool().optional(),
  prorate: formBool().optional(),
});

const listSchema = z.strictObject({
  ...paginationShape,
  customer: z.string().optional(),
  price: z.string().optional(),
  status: z
    .enum(['active', 'all', 'canceled', 'ended', 'incomplete', 'incomplete_expired', 'past_due', 'paused', 'trialing', 'unpaid'])
    .optional(),
  collection_method: z.enum(['charge_automatically', 'send_invoice']).optional(),
  created: rangeQuery.optional(),
});

export const previewSchema = z.strictObject({
  customer: z.string().optional(),
  subscription: z.string().optional(),
  subscription_details: z
    .strictObject({
      items: formArray(itemChangeParam).optional(),
      proration_behavior: prorationBehavior.optional(),
      proration_date: formInt().optional(),
      cancel_at_period_end: formBool().optional(),
      cancel_at: emptyable(cancelAt).optional(),
      billing_cycle_anchor: previewBillingCycleAnchor.optional(),
      trial_end: trialEnd.optional(),
    })
    .optional(),
  discounts: emptyable(formArray(discountParam)).optional(),
});

export type SubscriptionCreateInput = z.output<typeof createSchema>;
export type SubscriptionUpdateInput = z.output<typeof updateSchema>;
export type SubscriptionCancelInput = z.output<typeof cancelSchema>;
export type InvoicePreviewInput = z.output<typeof previewSchema>;
type ItemChange = z.output<typeof itemChangeParam>;

// Lookups and rendering ---------------------------------------------------------------------

/**
 * A subscription as the API returns it: brought up to date with the clock first (renewals,
 * trial ends and scheduled cancellations that fell due), with its items' prices current.
 */
export function requireSubscription(store: Store, id: string, param = 'id'): Stripe.Subscription {
  if (!store.subscriptions.has(id)) throw resourceMissing('subscription', id, param);
  settleSubscription(store, id);
  return renderSubscription(store, store.subscriptions.get(id)!);
}

function renderSubscription(store: Store, subscription: Stripe.Subscription): Stripe.Subscription {
  return {
    ...subscription,
    items: {
      ...subscription.items,
      data: subscription.items.data.map((item) => {
        const price = store.prices.get(item.price.id) ?? item.price;
        return { ...item, price, plan: planFromPrice(price) };
      }),
    },
  };
}

function customerIdOf(subscription: Stripe.Subscription): string {
  return typeof subscription.customer === 'string' ? subscription.customer : subscription.customer.id;
}

function discountIdsOf(subscription: Stripe.Subscription): string[] {
  return subscription.discounts.map((discount) => (typeof discount === 'string' ? discount : discount.id));
}

function firstItem(subscription: Stripe.Subscription): Stripe.SubscriptionItem {
  const item = subscription.items.data[0];
  if (!item) throw new Error(`subscription ${subscription.id} has no items`);
  return item;
}

function periodOf(subscription: Stripe.Subscription): { start: number; end: number } {
  const item = firstItem(subscription);
  return { start: item.current_period_start, end: item.current_period_end };
}

const INTERVALS: readonly Interval[] = ['day', 'week', 'month', 'year'];

function intervalOf(price: Stripe.Price): { interval: Interval; count: number } {
  const interval = INTERVALS.find((known) => known === price.recurring?.interval);
  if (!interval) throw new Error(`price ${price.id} has no recurring interval the emulator knows`);
  return { interval, count: price.recurring?.interval_count ?? 1 };
}

function productName(store: Store, price: Stripe.Price): string {
  const productId = typeof price.product === 'string' ? price.product : price.product.id;
  const product = store.products.get(productId);
  return product && !('deleted' in product && product.deleted) ? product.name : productId;
}

function itemsList(subscriptionId: string, items: SubscriptionItemRecord[]): Stripe.ApiList<Stripe.SubscriptionItem> {
  return {
    object: 'list',
    data: items as Stripe.SubscriptionItem[],
    has_more: false,
    url: `/v1/subscription_items?subscription=${subscriptionId}`,
  };
}

function buildItem(
  store: Store,
  subscriptionId: string,
  price: Stripe.Price,
  quantity: number,
  metadata: Record<string, string>,
  period: { start: number; end: number },
): SubscriptionItemRecord {
  return {
    id: store.newId('si'),
    object: 'subscription_item',
    billing_thresholds: null,
    created: store.now(),
    current_period_end: period.end,
    current_period_start: period.start,
    discounts: [],
    metadata,
    plan: planFromPrice(price),
    price,
    quantity,
    subscription: subscriptionId,
    tax_rates: [],
  };
}

/** The price a `price` param names, checked to be usable on a subscription item. */
function subscribablePrice(store: Store, priceId: string, param: string, currency: string | null): Stripe.Price {
  const price = requirePrice(store, priceId, param);
  if (!price.active) {
    throw invalidRequest('The price specified is inactive. This field only accepts active prices.', param);
  }
  if (price.type !== 'recurring') {
    throw invalidRequest(
      'The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.',
      param,
    );
  }
  if (currency !== null && price.currency !== currency) {
    throw invalidRequest(
      `The price specified has currency ${price.currency}, but this subscription has currency ${currency}. All items on a subscription must use the same currency.`,
      param,
    );
  }
  return price;
}

function requireSameInterval(prices: readonly Stripe.Price[], param: string): void {
  const intervals = new Set(prices.map((price) => `${price.recurring?.interval}/${price.recurring?.interval_count}`));
  if (intervals.size > 1) {
    throw invalidRequest(
      'Currency and interval fields must match across all plans on this subscription. Found mismatch in interval field.',
      param,
    );
  }
}

function attachedPaymentMethod(store: Store, customerId: string, id: string, param: string): string {
  const paymentMethod = store.payment_methods.get(id);
  if (!paymentMethod || paymentMethod.customer !== customerId) {
    throw invalidRequest(
      `The customer does not have a payment method with the ID ${id}. The payment method must be attached to the customer.`,
      param,
      'resource_missing',
    );
  }
  return id;
}

function resolveCancelAt(value: number | 'max_period_end' | 'min_period_end', periodEnd: number, now: number, param: string): number {
  if (typeof value !== 'number') return periodEnd;
  if (value <= now) throw invalidRequest('cancel_at must be in the future.', param);
  return value;
}

const NO_CANCELLATION: Stripe.Subscription.CancellationDetails = {
  comment: null,
  feedback: null,
  feedback_option: null,
  reason: null,
};

const NO_PAYMENT_METHOD =
  'This customer has no attached payment source or default payment method. Please consider adding a default payment method. For more information, visit https://stripe.com/docs/billing/subscriptions/payment-methods-setting#payment-method-priority.';

// Lines -------------------------------------------------------------------------------------

function recurringLine(store: Store, item: SubscriptionItemRecord, period: { start: number; end: number }): LineDraft {
  const quantity = item.quantity ?? 1;
  const unit = item.price.unit_amount ?? 0;
  const { interval } = intervalOf(item.price);
  return {
    amount: unit * quantity,
    description: `${quantity} × ${productName(store, item.price)} (at ${formatAmount(unit, item.price.currency)} / ${interval})`,
    period,
    quantity,
    price: item.price,
    proration: false,
    subscriptionItem: item.id,
    invoiceItem: null,
  };
}

function trialLine(store: Store, item: SubscriptionItemRecord, period: { start: number; end: number }): LineDraft {
  return {
    amount: 0,
    description: `Trial period for ${productName(store, item.price)}`,
    period,
    quantity: item.quantity ?? 1,
    price: item.price,
    proration: false,
    subscriptionItem: item.id,
    invoiceItem: null,
  };
}

interface ProrationDraft {
  readonly amount: number;
  readonly description: string;
  readonly quantity: number;
  readonly price: Stripe.Price;
  readonly subscriptionItem: string;
  readonly period: { start: number; end: number };
}

/**
 * The proration for changing items at `at`: a credit for the unused rest of the period on each
 * item that changed or went away, a charge for the rest of the period on each item that changed
 * or was added, both in proportion to the time left.
 */
function prorationsFor(
  store: Store,
  before: readonly SubscriptionItemRecord[],
  after: readonly SubscriptionItemRecord[],
  period: { start: number; end: number },
  at: number,
): ProrationDraft[] {
  if (at >= period.end || period.end <= period.start) return [];
  const fraction = (period.end - at) / (period.end - period.start);
  const remaining = { start: at, end: period.end };
  const sameAs = (a: SubscriptionItemRecord, b: SubscriptionItemRecord | undefined) =>
    b !== undefined && a.price.id === b.price.id && (a.quantity ?? 1) === (b.quantity ?? 1);
  const drafts: ProrationDraft[] = [];
  for (const old of before) {
    const next = after.find((item) => item.id === old.id);
    if (sameAs(old, next)) continue;
    const quantity = old.quantity ?? 1;
    drafts.push({
      amount: -Math.round((old.price.unit_amount ?? 0) * quantity * fraction),
      description: `Unused time on ${quantity} × ${productName(store, old.price)} after ${formatDate(at)}`,
      quantity,
      price: old.price,
      subscriptionItem: old.id,
      period: remaining,
    });
  }
  for (const item of after) {
    const old = before.find((candidate) => candidate.id === item.id);
    if (sameAs(item, old)) continue;
    const quantity = item.quantity ?? 1;
    if (quantity === 0) continue;
    drafts.push({
      amount: Math.round((item.price.unit_amount ?? 0) * quantity * fraction),
      description: `Remaining time on ${quantity} × ${productName(store, item.price)} after ${formatDate(at)}`,
      quantity,
      price: item.price,
      subscriptionItem: item.id,
      period: remaining,
    });
  }
  return drafts;
}

/** Stores prorations as pending invoice items of the subscription (`invoiceitem.created`). */
function createPendingItems(store: Store, subscription: Stripe.Subscription, drafts: readonly ProrationDraft[]): Stripe.InvoiceItem[] {
  return drafts.map((draft) => {
    const item: Stripe.InvoiceItem = {
      id: store.newId('ii'),
      object: 'invoiceitem',
      amount: draft.amount,
      currency: subscription.currency,
      customer: customerIdOf(subscription),
      customer_account: null,
      date: store.now(),
      description: draft.description,
      discountable: false,
      discounts: [],
      invoice: null,
      livemode: false,
      metadata: {},
      net_amount: draft.amount,
      parent: {
        type: 'subscription_details',
        subscription_details: { subscription: subscription.id, subscription_item: draft.subscriptionItem },
      },
      period: draft.period,
      pricing: {
        type: 'price_details',
        price_details: { price: draft.price.id, product: typeof draft.price.product === 'string' ? draft.price.product : draft.price.product.id },
        unit_amount_decimal: draft.price.unit_amount_decimal,
      },
      proration: true,
      quantity: draft.quantity,
      quantity_decimal: decimal(draft.quantity),
      tax_rates: [],
      test_clock: null,
    };
    store.invoiceitems.set(item);
    recordEvent(store, 'invoiceitem.created', item);
    return item;
  });
}

function pendingItemsOf(store: Store, subscriptionId: string): Stripe.InvoiceItem[] {
  return store.invoiceitems.filter(
    (item) => item.invoice === null && item.parent?.subscription_details?.subscription === subscriptionId,
  );
}

function pendingItemLine(store: Store, item: Stripe.InvoiceItem): LineDraft {
  const priceRef = item.pricing?.price_details?.price;
  const price = typeof priceRef === 'string' ? (store.prices.get(priceRef) ?? null) : (priceRef ?? null);
  return {
    amount: item.amount,
    description: item.description ?? '',
    period: item.period,
    quantity: item.quantity,
    price,
    proration: item.proration,
    subscriptionItem: item.parent?.subscription_details?.subscription_item ?? null,
    invoiceItem: item.id,
  };
}

function prorationLine(draft: ProrationDraft, invoiceItem: string | null): LineDraft {
  return { ...draft, proration: true, subscriptionItem: draft.subscriptionItem, invoiceItem };
}

// Invoicing ---------------------------------------------------------------------------------

/** `once` coupons apply to a single invoice; after one with something to discount, they are gone. */
function consumeOnceDiscounts(store: Store, subscription: Stripe.Subscription, invoice: Stripe.Invoice): string[] {
  const kept: string[] = [];
  for (const id of discountIdsOf(subscription)) {
    const discount = store.discounts.get(id);
    const used = invoice.total_discount_amounts?.some((entry) => entry.discount === id && entry.amount > 0);
    if (discount && used && couponOf(store, discount).duration === 'once') deleteDiscount(store, id);
    else kept.push(id);
  }
  return kept;
}

/** The status an automatically collected payment leaves a subscription in. */
function statusAfterPayment(outcome: PaymentOutcome, current: Stripe.Subscription.Status): Stripe.Subscription.Status {
  switch (outcome.kind) {
    case 'fails':
    case 'no_payment_method':
      return current === 'incomplete' ? 'incomplete' : 'past_due';
    default:
      return current === 'incomplete' || current === 'past_due' ? 'active' : current;
  }
}

// Create ------------------------------------------------------------------------------------

/**
 * Creates a subscription and its first invoice, paid right away with the default card unless
 * there is a trial, nothing is due, or `payment_behavior` says otherwise. Records
 * `customer.subscription.created` and the invoice's events.
 */
export function createSubscription(store: Store, params: SubscriptionCreateInput): Stripe.Subscription {
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
    params.cancel_at !== undefined ? resolveCancelAt(params.cancel_at, period.end, now, 'cancel_at') : params.cancel_at_period_end ? period.end : null;

  let subscription: Stripe.Subscription = {
    id,
    object: 'subscription',
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: anchor,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: 'classic' },
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
    schedule: null,
    start_date: now,
    status: trialEnds ? 'trialing' : 'incomplete',
    test_clock: null,
    transfer_data: null,
    trial_end: trialEnds,
    trial_settings: { end_behavior: { billing_cycle_anchor: null, missing_payment_method: 'create_invoice' } },
    trial_start: trialEnds ? now : null,
  };
  // Discounts need the subscription's id; the subscription is stored once, complete, below.
  subscription = { ...subscription, discounts: applyDiscountInputs(store, params.discounts ?? [], { customer: customer.id, subscription: id }) };

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

// Update ------------------------------------------------------------------------------------

interface PlannedChange {
  readonly before: Stripe.Subscription;
  readonly items: SubscriptionItemRecord[];
  /** Prorations for the item changes (empty when not prorating). */
  readonly prorations: ProrationDraft[];
  /** Whether the change bills now: a new period starts, or `always_invoice` has prorations to bill. */
  readonly invoiceNow: boolean;
  /** Whether a new billing period starts now: a new interval, `billing_cycle_anchor=now`, a trial ending. */
  readonly resetPeriod: boolean;
  /** The billing period after the change. */
  readonly period: { start: number; end: number };
  readonly trialEnd: number | null;
  readonly status: Stripe.Subscription.Status;
}

/** Works out what an item/trial/anchor change does, without storing anything. */
function planChange(
  store: Store,
  subscription: Stripe.Subscription,
  change: {
    items?: readonly ItemChange[] | undefined;
    proration_behavior?: 'create_prorations' | 'none' | 'always_invoice' | undefined;
    proration_date?: number | undefined;
    billing_cycle_anchor?: { type: 'now' | 'unchanged' } | undefined;
    trial_end?: 'now' | number | undefined;
  },
  paramPrefix: string,
): PlannedChange {
  const now = store.now();
  const before = subscription.items.data as SubscriptionItemRecord[];
  let items = before.map((item) => ({ ...item }));
  (change.items ?? []).forEach((entry, index) => {
    const param = `${paramPrefix}items[${index}]`;
    if (entry.id !== undefined) {
      const existing = items.find((item) => item.id === entry.id);
      if (!existing) throw resourceMissing('subscription item', entry.id, `${param}[id]`);
      if (entry.deleted) {
        items = items.filter((item) => item.id !== entry.id);
        return;
      }
      const price = entry.price !== undefined ? subscribablePrice(store, entry.price, `${param}[price]`, subscription.currency) : existing.price;
      items = items.map((item) =>
        item.id === entry.id
          ? {
              ...item,
              price,
              plan: planFromPrice(price),
              quantity: entry.quantity ?? item.quantity,
              metadata: mergeMetadata(item.metadata, entry.metadata),
            }
          : item,
      );
      return;
    }
    if (entry.deleted) throw parameterMissing(`${param}[id]`);
    if (entry.price === undefined) throw parameterMissing(`${param}[price]`);
    const price = subscribablePrice(store, entry.price, `${param}[price]`, subscription.currency);
    items.push(buildItem(store, subscription.id, price, entry.quantity ?? 1, mergeMetadata({}, entry.metadata), periodOf(subscription)));
  });
  if (items.length === 0) throw invalidRequest('A subscription must have at least one active item.', `${paramPrefix}items`);
  const priceIds = items.map((item) => item.price.id);
  const duplicate = priceIds.find((id, index) => priceIds.indexOf(id) !== index);
  if (duplicate) {
    throw invalidRequest(`Cannot add multiple subscription items with the same price: ${duplicate}`, `${paramPrefix}items`);
  }
  requireSameInterval(items.map((item) => item.price), `${paramPrefix}items`);

  const current = periodOf(subscription);
  const oldInterval = intervalOf(firstItem(subscription).price);
  const newInterval = intervalOf(items[0]!.price);
  const intervalChanged = oldInterval.interval !== newInterval.interval || oldInterval.count !== newInterval.count;
  const trialing = subscription.status === 'trialing';

  let trialEnd = subscription.trial_end;
  let status = subscription.status;
  let resetPeriod = false;
  if (change.trial_end === 'now' && trialing) {
    trialEnd = now;
    status = 'active';
    resetPeriod = true;
  } else if (typeof change.trial_end === 'number') {
    if (change.trial_end <= now) throw invalidRequest('Invalid timestamp: must be an integer Unix timestamp in the future.', `${paramPrefix}trial_end`);
    trialEnd = change.trial_end;
    status = 'trialing';
  } else if (!trialing && (intervalChanged || change.billing_cycle_anchor?.type === 'now')) {
    // A new interval (or anchor) starts a new period now, billed in full.
    resetPeriod = true;
  }
  const period = resetPeriod
    ? { start: now, end: addInterval(now, newInterval.interval, newInterval.count) }
    : typeof change.trial_end === 'number'
      ? { start: current.start, end: change.trial_end }
      : current;

  // Trials are free, so there is nothing to prorate. When a new period starts, the old one's
  // unused time is credited and the new one billed whole; otherwise changed items are prorated.
  const behavior = change.proration_behavior ?? 'create_prorations';
  const at = change.proration_date ?? now;
  const prorations =
    behavior === 'none' || trialing
      ? []
      : prorationsFor(store, before, resetPeriod ? [] : items, current, at);
  const invoiceNow = resetPeriod || (behavior === 'always_invoice' && prorations.length > 0);

  items = items.map((item) => ({ ...item, current_period_start: period.start, current_period_end: period.end }));
  return { before: subscription, items, prorations, invoiceNow, resetPeriod, period, trialEnd, status };
}

/** The lines of the invoice a planned change issues now. */
function immediateLines(store: Store, plan: PlannedChange, pendingItems: readonly Stripe.InvoiceItem[]): LineDraft[] {
  return [
    ...pendingItems.map((item) => pendingItemLine(store, item)),
    ...plan.prorations.map((draft) => prorationLine(draft, null)),
    ...(plan.resetPeriod ? plan.items.map((item) => recurringLine(store, item, plan.period)) : []),
  ];
}

/**
 * Updates a subscription the way `POST /v1/subscriptions/:id` does: item price and quantity
 * changes with prorations, cancellation scheduling (`cancel_at_period_end`, `cancel_at`),
 * discounts, the default payment method, trial changes, metadata. Records
 * `customer.subscription.updated` with `previous_attributes`, plus the events of any invoice or
 * proration it creates.
 */
export function updateSubscription(store: Store, id: string, params: SubscriptionUpdateInput): Stripe.Subscription {
  const before = requireSubscription(store, id);
  const customerId = customerIdOf(before);
  const now = store.now();

  if (before.status === 'canceled' || before.status === 'incomplete_expired') {
    const allowed = new Set(['cancellation_details', 'metadata']);
    const disallowed = Object.entries(params).find(([key, value]) => value !== undefined && !allowed.has(key));
    if (disallowed) throw invalidRequest('A canceled subscription can only update its cancellation_details and metadata.');
  }
  if (params.default_payment_method) {
    attachedPaymentMethod(store, customerId, params.default_payment_method, 'default_payment_method');
  }
  if (params.discounts) validateDiscountInputs(store, params.discounts, id);
  if (params.cancel_at !== undefined && params.cancel_at !== null && params.cancel_at_period_end === true) {
    throw invalidRequest('You may only specify one of these parameters: cancel_at, cancel_at_period_end.', 'cancel_at');
  }

  const plan = planChange(store, before, params, '');
  let subscription: Stripe.Subscription = {
    ...before,
    items: itemsList(id, plan.items),
    status: plan.status,
    trial_end: plan.trialEnd,
    billing_cycle_anchor: plan.invoiceNow ? plan.period.start : before.billing_cycle_anchor,
    metadata: mergeMetadata(before.metadata, params.metadata),
    ...(params.description !== undefined && { description: params.description }),
    ...(params.default_payment_method !== undefined && { default_payment_method: params.default_payment_method }),
    ...(params.collection_method !== undefined && {
      collection_method: params.collection_method,
      days_until_due: params.collection_method === 'send_invoice' ? (params.days_until_due ?? before.days_until_due ?? 30) : null,
    }),
  };
  subscription = scheduleCancellation(subscription, params, now);

  if (params.discounts !== undefined) {
    const kept = new Set((params.discounts ?? []).flatMap((input) => (input.discount ? [input.discount] : [])));
    for (const discountId of discountIdsOf(before)) if (!kept.has(discountId)) deleteDiscount(store, discountId);
    subscription = { ...subscription, discounts: applyDiscountInputs(store, params.discounts ?? [], { customer: customerId, subscription: id }) };
  }

  if (plan.invoiceNow) {
    const pending = pendingItemsOf(store, id);
    const draft = buildInvoice(store, {
      customer: customerId,
      subscription,
      billingReason: 'subscription_update',
      lines: immediateLines(store, plan, pending),
      discounts: discountIdsOf(subscription),
      currency: subscription.currency,
      periodStart: plan.period.start,
      periodEnd: plan.period.start,
    });
    const outcome = paymentOutcome(store, draft, defaultPaymentMethodFor(store, subscription, customerId));
    if (params.payment_behavior === 'error_if_incomplete') {
      if (outcome.kind === 'fails') throw cardError(outcome.failure);
      if (outcome.kind === 'no_payment_method') throw invalidRequest(NO_PAYMENT_METHOD);
    }
    subscription = { ...subscription, latest_invoice: draft.id, status: statusAfterPayment(outcome, subscription.status) };
    store.subscriptions.set(subscription);
    const invoice = issueInvoice(store, draft, outcome);
    subscription = { ...subscription, discounts: consumeOnceDiscounts(store, subscription, invoice) };
  } else if (plan.prorations.length > 0) {
    createPendingItems(store, subscription, plan.prorations);
  }

  store.subscriptions.set(subscription);
  const after = renderSubscription(store, subscription);
  const previous = changedAttributes(before, after);
  if (previous) recordEvent(store, 'customer.subscription.updated', after, previous);
  return after;
}

/** Applies `cancel_at_period_end`, `cancel_at` and `cancellation_details` to a subscription. */
function scheduleCancellation(
  subscription: Stripe.Subscription,
  params: Pick<SubscriptionUpdateInput, 'cancel_at_period_end' | 'cancel_at' | 'cancellation_details'>,
  now: number,
): Stripe.Subscription {
  const periodEnd = periodOf(subscription).end;
  let next = subscription;
  if (params.cancel_at_period_end !== undefined) {
    next = params.cancel_at_period_end
      ? { ...next, cancel_at_period_end: true, cancel_at: periodEnd }
      : { ...next, cancel_at_period_end: false, cancel_at: null };
  }
  if (params.cancel_at !== undefined) {
    next =
      params.cancel_at === null
        ? { ...next, cancel_at: null, cancel_at_period_end: false }
        : { ...next, cancel_at: resolveCancelAt(params.cancel_at, periodEnd, now, 'cancel_at'), cancel_at_period_end: false };
  }
  const wasScheduled = subscription.cancel_at !== null;
  const isScheduled = next.cancel_at !== null;
  const details = subscription.cancellation_details ?? NO_CANCELLATION;
  if (isScheduled && !wasScheduled) {
    next = { ...next, canceled_at: now, cancellation_details: { ...details, reason: 'cancellation_requested' } };
  } else if (!isScheduled && wasScheduled && subscription.status !== 'canceled') {
    next = { ...next, canceled_at: null, cancellation_details: NO_CANCELLATION };
  }
  if (params.cancellation_details) {
    const current = next.cancellation_details ?? NO_CANCELLATION;
    next = {
      ...next,
      cancellation_details: {
        ...current,
        ...(params.cancellation_details.comment !== undefined && { comment: params.cancellation_details.comment }),
        ...(params.cancellation_details.feedback !== undefined && { feedback: params.cancellation_details.feedback }),
      },
    };
  }
  return next;
}

/**
 * Applies a coupon or promotion code to a subscription on top of its current discounts, as a
 * portal retention offer or a promotion code entered on a plan change does.
 */
export function applyCouponToSubscription(
  store: Store,
  id: string,
  discount: { coupon: string } | { promotion_code: string },
): Stripe.Subscription {
  const current = requireSubscription(store, id);
  return updateSubscription(store, id, {
    discounts: [...discountIdsOf(current).map((existing) => ({ discount: existing })), discount],
  });
}

// Cancel ------------------------------------------------------------------------------------

/**
 * Cancels a subscription now (`DELETE /v1/subscriptions/:id`): status `canceled`, `canceled_at`
 * and `ended_at` set, `customer.subscription.deleted` recorded. With `prorate`, unused time is
 * credited as a pending item; with `invoice_now`, pending items are invoiced at once.
 */
export function cancelSubscription(store: Store, id: string, params: SubscriptionCancelInput = {}): Stripe.Subscription {
  const before = requireSubscription(store, id);
  if (before.status === 'canceled') {
    throw invalidRequest(`This subscription has already been canceled.`, 'subscription');
  }
  return endSubscription(store, before, store.now(), params);
}

function endSubscription(
  store: Store,
  before: Stripe.Subscription,
  at: number,
  params: SubscriptionCancelInput,
): Stripe.Subscription {
  const customerId = customerIdOf(before);
  if (params.prorate && before.status !== 'trialing') {
    const items = before.items.data as SubscriptionItemRecord[];
    const credits = prorationsFor(store, items, [], periodOf(before), at);
    createPendingItems(store, before, credits);
  }
  let subscription: Stripe.Subscription = {
    ...before,
    status: 'canceled',
    canceled_at: before.canceled_at ?? at,
    ended_at: at,
    cancellation_details: {
      ...NO_CANCELLATION,
      comment: params.cancellation_details?.comment ?? before.cancellation_details?.comment ?? null,
      feedback: params.cancellation_details?.feedback ?? before.cancellation_details?.feedback ?? null,
      reason: before.cancellation_details?.reason ?? 'cancellation_requested',
    },
  };
  const pending = pendingItemsOf(store, before.id);
  if (params.invoice_now && pending.length > 0) {
    const draft = buildInvoice(store, {
      customer: customerId,
      subscription,
      billingReason: 'subscription_cycle',
      lines: pending.map((item) => pendingItemLine(store, item)),
      discounts: [],
      currency: subscription.currency,
      periodStart: at,
      periodEnd: at,
    });
    subscription = { ...subscription, latest_invoice: draft.id };
    store.subscriptions.set(subscription);
    issueInvoice(store, draft, paymentOutcome(store, draft, defaultPaymentMethodFor(store, subscription, customerId)));
  }
  store.subscriptions.set(subscription);
  const after = renderSubscription(store, subscription);
  recordEvent(store, 'customer.subscription.deleted', after, changedAttributes(before, after));
  return after;
}

// Time --------------------------------------------------------------------------------------

/**
 * Brings a subscription up to the clock: a trial that ended starts billing, a period that ended
 * renews with a new invoice, a scheduled cancellation that came due ends it. Stripe does this on
 * its own schedule; the emulator does it when the subscription is next looked at, with the events
 * Stripe would have sent.
 */
export function settleSubscription(store: Store, id: string): void {
  for (let guard = 0; guard < 1_000; guard += 1) {
    const subscription = store.subscriptions.get(id);
    if (!subscription || subscription.status === 'canceled' || subscription.status === 'incomplete_expired') return;
    const now = store.now();
    const period = periodOf(subscription);
    if (subscription.cancel_at !== null && subscription.cancel_at <= now && subscription.cancel_at <= period.end) {
      endSubscription(store, renderSubscription(store, subscription), subscription.cancel_at, {});
      return;
    }
    if (period.end > now) return;
    renewSubscription(store, renderSubscription(store, subscription), period.end);
  }
}

function renewSubscription(store: Store, before: Stripe.Subscription, at: number): void {
  const customerId = customerIdOf(before);
  const item = firstItem(before);
  const { interval, count } = intervalOf(item.price);
  const period = { start: at, end: addInterval(at, interval, count, before.billing_cycle_anchor) };
  const items = (before.items.data as SubscriptionItemRecord[]).map((entry) => ({
    ...entry,
    current_period_start: period.start,
    current_period_end: period.end,
  }));
  const endingTrial = before.status === 'trialing';
  let subscription: Stripe.Subscription = {
    ...before,
    items: itemsList(before.id, items),
    status: endingTrial ? 'active' : before.status,
  };
  const pending = pendingItemsOf(store, before.id);
  const draft = buildInvoice(store, {
    customer: customerId,
    subscription,
    billingReason: 'subscription_cycle',
    lines: [
      ...pending.map((pendingItem) => pendingItemLine(store, pendingItem)),
      ...items.map((entry) => recurringLine(store, entry, period)),
    ],
    discounts: discountIdsOf(before),
    currency: before.currency,
    periodStart: periodOf(before).start,
    periodEnd: at,
  });
  const outcome = paymentOutcome(store, draft, defaultPaymentMethodFor(store, subscription, customerId));
  subscription = { ...subscription, latest_invoice: draft.id, status: statusAfterPayment(outcome, subscription.status) };
  store.subscriptions.set(subscription);
  const invoice = issueInvoice(store, draft, outcome);
  subscription = { ...subscription, discounts: consumeOnceDiscounts(store, subscription, invoice) };
  store.subscriptions.set(subscription);
  const after = renderSubscription(store, subscription);
  const previous = changedAttributes(before, after);
  if (previous) recordEvent(store, 'customer.subscription.updated', after, previous);
}

// Previews ----------------------------------------------------------------------------------

/**
 * `POST /v1/invoices/create_preview`: the invoice a subscription change would produce. With
 * prorations billed later (the default) that is the next renewal invoice, including the new
 * prorations; when the change bills at once (`always_invoice`, a new interval, ending a trial) it
 * is that immediate invoice. Without `subscription`, the first invoice of a new subscription.
 */
export function previewInvoice(store: Store, params: InvoicePreviewInput): Stripe.Invoice {
  // Pricing a preview may redeem coupons into discounts; none of that may stay.
  return store.dryRun(() => buildPreview(store, params));
}

function buildPreview(store: Store, params: InvoicePreviewInput): Stripe.Invoice {
  const details = params.subscription_details ?? {};
  if (params.subscription === undefined) return previewNewSubscription(store, params);

  const subscription = requireSubscription(store, params.subscription, 'subscription');
  const customerId = customerIdOf(subscription);
  if (params.customer !== undefined && params.customer !== customerId) {
    throw invalidRequest(`The subscription ${subscription.id} does not belong to the customer ${params.customer}.`, 'customer');
  }
  if (subscription.status === 'canceled') {
    throw invalidRequest(`No upcoming invoices for customer: ${customerId}`, undefined, 'invoice_upcoming_none');
  }
  if (params.discounts) validateDiscountInputs(store, params.discounts, subscription.id);

  const plan = planChange(store, subscription, details, 'subscription_details[');
  const pending = pendingItemsOf(store, subscription.id);
  const discounts = previewDiscounts(store, subscription, params.discounts);
  const scheduled = scheduleCancellation(subscription, details, store.now());

  if (plan.invoiceNow) {
    return buildInvoice(store, {
      customer: customerId,
      subscription,
      billingReason: 'subscription_update',
      lines: immediateLines(store, plan, pending),
      discounts,
      currency: subscription.currency,
      periodStart: plan.period.start,
      periodEnd: plan.period.start,
      preview: true,
    });
  }
  if (scheduled.cancel_at !== null && scheduled.cancel_at <= plan.period.end) {
    throw invalidRequest(`No upcoming invoices for customer: ${customerId}`, undefined, 'invoice_upcoming_none');
  }
  const { interval, count } = intervalOf(plan.items[0]!.price);
  const next = { start: plan.period.end, end: addInterval(plan.period.end, interval, count, subscription.billing_cycle_anchor) };
  return buildInvoice(store, {
    customer: customerId,
    subscription,
    billingReason: 'subscription_cycle',
    lines: [
      ...pending.map((item) => pendingItemLine(store, item)),
      ...plan.prorations.map((draft) => prorationLine(draft, null)),
      ...plan.items.map((item) => recurringLine(store, item, next)),
    ],
    discounts,
    currency: subscription.currency,
    periodStart: plan.period.start,
    periodEnd: plan.period.end,
    preview: true,
  });
}

/** Discount ids for a preview: the subscription's, or those its `discounts` param would apply. */
function previewDiscounts(
  store: Store,
  subscription: Stripe.Subscription,
  inputs: InvoicePreviewInput['discounts'],
): string[] {
  if (inputs === undefined) return discountIdsOf(subscription);
  return applyDiscountInputs(store, inputs ?? [], { customer: customerIdOf(subscription), subscription: subscription.id });
}

function previewNewSubscription(store: Store, params: InvoicePreviewInput): Stripe.Invoice {
  if (params.customer === undefined) throw parameterMissing('customer');
  const customer = requireCustomer(store, params.customer, 'customer');
  const changes = params.subscription_details?.items;
  if (!changes || changes.length === 0) {
    throw invalidRequest(`No upcoming invoices for customer: ${customer.id}`, undefined, 'invoice_upcoming_none');
  }
  const now = store.now();
  const prices = changes.map((change, index) => {
    if (change.price === undefined) throw parameterMissing(`subscription_details[items][${index}][price]`);
    return subscribablePrice(store, change.price, `subscription_details[items][${index}][price]`, null);
  });
  requireSameInterval(prices, 'subscription_details[items]');
  const { interval, count } = intervalOf(prices[0]!);
  const period = { start: now, end: addInterval(now, interval, count) };
  const items = prices.map((price, index) => buildItem(store, 'sub_preview', price, changes[index]?.quantity ?? 1, {}, period));
  return buildInvoice(store, {
    customer: customer.id,
    subscription: null,
    billingReason: 'subscription_create',
    lines: items.map((item) => recurringLine(store, item, period)),
    discounts: [],
    currency: prices[0]!.currency,
    periodStart: now,
    periodEnd: now,
    preview: true,
  });
}

// Routes ------------------------------------------------------------------------------------

function listSubscriptions(store: Store, params: z.output<typeof listSchema>): Stripe.ApiList<Stripe.Subscription> {
  const matches = store.subscriptions
    .values()
    .filter((subscription) => params.customer === undefined || subscription.customer === params.customer)
    .map((subscription) => requireSubscription(store, subscription.id))
    .filter((subscription) => {
      switch (params.status) {
        case undefined:
          return subscription.status !== 'canceled' && subscription.status !== 'incomplete_expired';
        case 'all':
          return true;
        case 'ended':
          return subscription.status === 'canceled' || subscription.status === 'incomplete_expired';
        default:
          return subscription.status === params.status;
      }
    })
    .filter(
      (subscription) =>
        (params.price === undefined || subscription.items.data.some((item) => item.price.id === params.price)) &&
        (params.collection_method === undefined || subscription.collection_method === params.collection_method) &&
        inRange(subscription.created, params.created),
    );
  return listObject(newestFirst(matches), params, '/v1/subscriptions', 'subscription');
}

export const subscriptionsModule: EmulatorModule = {
  name: 'subscriptions',
  apiRoutes: [
    {
      method: 'POST',
      path: '/v1/subscriptions',
      handler: ({ store, params }) => createSubscription(store, parseParams(createSchema, params)),
    },
    {
      method: 'GET',
      path: '/v1/subscriptions',
      handler: ({ store, params }) => listSubscriptions(store, parseParams(listSchema, params)),
    },
    {
      method: 'GET',
      path: '/v1/subscriptions/:id',
      handler: (request) => {
        parseParams(noParams, request.params);
        return requireSubscription(request.store, pathParam(request, 'id'));
      },
    },
    {
      method: 'POST',
      path: '/v1/subscriptions/:id',
      handler: (request) =>
        updateSubscription(request.store, pathParam(request, 'id'), parseParams(updateSchema, request.params)),
    },
    {
      method: 'DELETE',
      path: '/v1/subscriptions/:id',
      handler: (request) =>
        cancelSubscription(request.store, pathParam(request, 'id'), parseParams(cancelSchema, request.params)),
    },
    // The preview is an invoice, but computing it is the subscription logic's business.
    {
      method: 'POST',
      path: '/v1/invoices/create_preview',
      handler: ({ store, params }) => previewInvoice(store, parseParams(previewSchema, params)),
    },
  ],
  resolve: (store, id) => {
    if (id.startsWith('sub_')) return store.subscriptions.has(id) ? requireSubscription(store, id) : undefined;
    if (id.startsWith('si_')) {
      const owner = store.subscriptions.find((subscription) => subscription.items.data.some((item) => item.id === id));
      return owner && requireSubscription(store, owner.id).items.data.find((item) => item.id === id);
    }
    return undefined;
  },
};
