import type Stripe from 'stripe';
import { recordEvent } from '../../events.js';
import { customerIdOf, idOf } from '../../ids.js';
import type { Store } from '../../store.js';
import { decimal, formatDate } from '../amounts.js';
import type { LineDraft } from '../invoices/index.js';
import { productName, type SubscriptionItemRecord } from './records.js';

export interface ProrationDraft {
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
export function prorationsFor(
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
export function createPendingItems(
  store: Store,
  subscription: Stripe.Subscription,
  drafts: readonly ProrationDraft[],
): Stripe.InvoiceItem[] {
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
        price_details: { price: draft.price.id, product: idOf(draft.price.product) },
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

export function pendingItemsOf(store: Store, subscriptionId: string): Stripe.InvoiceItem[] {
  return store.invoiceitems.filter((item) => item.invoice === null && item.parent?.subscription_details?.subscription === subscriptionId);
}

export function pendingItemLine(store: Store, item: Stripe.InvoiceItem): LineDraft {
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

export function prorationLine(draft: ProrationDraft, invoiceItem: string | null): LineDraft {
  return { ...draft, proration: true, subscriptionItem: draft.subscriptionItem, invoiceItem };
}
