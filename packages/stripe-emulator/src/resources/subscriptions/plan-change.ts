import type Stripe from 'stripe';
import { invalidRequest, parameterMissing, resourceMissing } from '../../errors.js';
import { mergeMetadata } from '../../params.js';
import type { Store } from '../../store.js';
import { addInterval } from '../amounts.js';
import type { LineDraft } from '../invoices/index.js';
import { planFromPrice } from '../prices.js';
import { recurringLine } from './invoicing.js';
import { pendingItemLine, prorationLine, prorationsFor, type ProrationDraft } from './proration.js';
import {
  buildItem,
  firstItem,
  intervalOf,
  periodOf,
  requireSameInterval,
  subscribablePrice,
  type SubscriptionItemRecord,
} from './records.js';
import type { ItemChange } from './schemas.js';

export interface PlannedChange {
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
export function planChange(
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
      const price =
        entry.price !== undefined ? subscribablePrice(store, entry.price, `${param}[price]`, subscription.currency) : existing.price;
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
  requireSameInterval(
    items.map((item) => item.price),
    `${paramPrefix}items`,
  );

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
    if (change.trial_end <= now)
      throw invalidRequest('Invalid timestamp: must be an integer Unix timestamp in the future.', `${paramPrefix}trial_end`);
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
  const prorations = behavior === 'none' || trialing ? [] : prorationsFor(store, before, resetPeriod ? [] : items, current, at);
  const invoiceNow = resetPeriod || (behavior === 'always_invoice' && prorations.length > 0);

  items = items.map((item) => ({ ...item, current_period_start: period.start, current_period_end: period.end }));
  return { before: subscription, items, prorations, invoiceNow, resetPeriod, period, trialEnd, status };
}

/** The lines of the invoice a planned change issues now. */
export function immediateLines(store: Store, plan: PlannedChange, pendingItems: readonly Stripe.InvoiceItem[]): LineDraft[] {
  return [
    ...pendingItems.map((item) => pendingItemLine(store, item)),
    ...plan.prorations.map((draft) => prorationLine(draft, null)),
    ...(plan.resetPeriod ? plan.items.map((item) => recurringLine(store, item, plan.period)) : []),
  ];
}
