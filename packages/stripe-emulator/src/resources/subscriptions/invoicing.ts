import type Stripe from 'stripe';
import type { Store } from '../../store.js';
import { formatAmount } from '../amounts.js';
import { couponOf, deleteDiscount } from '../discounts.js';
import type { LineDraft, PaymentOutcome } from '../invoices/index.js';
import { discountIdsOf, intervalOf, productName, type SubscriptionItemRecord } from './records.js';

// The lines a subscription bills and what paying them does to it.

export function recurringLine(store: Store, item: SubscriptionItemRecord, period: { start: number; end: number }): LineDraft {
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

export function trialLine(store: Store, item: SubscriptionItemRecord, period: { start: number; end: number }): LineDraft {
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

/** `once` coupons apply to a single invoice; after one with something to discount, they are gone. */
export function consumeOnceDiscounts(store: Store, subscription: Stripe.Subscription, invoice: Stripe.Invoice): string[] {
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
export function statusAfterPayment(outcome: PaymentOutcome, current: Stripe.Subscription.Status): Stripe.Subscription.Status {
  switch (outcome.kind) {
    case 'fails':
    case 'no_payment_method':
      return current === 'incomplete' ? 'incomplete' : 'past_due';
    default:
      return current === 'incomplete' || current === 'past_due' ? 'active' : current;
  }
}
