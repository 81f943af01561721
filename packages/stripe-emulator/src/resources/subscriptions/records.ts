import type Stripe from 'stripe';
import { invalidRequest } from '../../errors.js';
import { idOf } from '../../ids.js';
import type { Store } from '../../store.js';
import { type Interval } from '../amounts.js';
import { planFromPrice, requirePrice } from '../prices.js';

/**
 * A subscription item as stored and returned. Stripe's fixture for `subscription_item` has no `current_trial`, which the SDK's type declares;
 * the emulator follows the fixture.
 */
export type SubscriptionItemRecord = Omit<Stripe.SubscriptionItem, 'current_trial'>;

/** Whether a subscription has ended for good: canceled, or its first payment never came. */
export function hasEnded(subscription: Pick<Stripe.Subscription, 'status'>): boolean {
  return subscription.status === 'canceled' || subscription.status === 'incomplete_expired';
}

/** A stored subscription as the API returns it, with its items' prices current. */
export function renderSubscription(store: Store, subscription: Stripe.Subscription): Stripe.Subscription {
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

export function discountIdsOf(subscription: Stripe.Subscription): string[] {
  return subscription.discounts.map((discount) => idOf(discount));
}

export function firstItem(subscription: Stripe.Subscription): Stripe.SubscriptionItem {
  const item = subscription.items.data[0];
  if (!item) throw new Error(`subscription ${subscription.id} has no items`);
  return item;
}

export function periodOf(subscription: Stripe.Subscription): { start: number; end: number } {
  const item = firstItem(subscription);
  return { start: item.current_period_start, end: item.current_period_end };
}

const INTERVALS: readonly Interval[] = ['day', 'week', 'month', 'year'];

export function intervalOf(price: Stripe.Price): { interval: Interval; count: number } {
  const interval = INTERVALS.find((known) => known === price.recurring?.interval);
  if (!interval) throw new Error(`price ${price.id} has no recurring interval the emulator knows`);
  return { interval, count: price.recurring?.interval_count ?? 1 };
}

export function productName(store: Store, price: Stripe.Price): string {
  const productId = idOf(price.product);
  const product = store.products.get(productId);
  return product && !('deleted' in product && product.deleted) ? product.name : productId;
}

export function itemsList(subscriptionId: string, items: SubscriptionItemRecord[]): Stripe.ApiList<Stripe.SubscriptionItem> {
  return {
    object: 'list',
    data: items as Stripe.SubscriptionItem[],
    has_more: false,
    url: `/v1/subscription_items?subscription=${subscriptionId}`,
  };
}

export function buildItem(
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
export function subscribablePrice(store: Store, priceId: string, param: string, currency: string | null): Stripe.Price {
  const price = requirePrice(store, priceId, param);
  if (!price.active) {
    throw invalidRequest('The price specified is inactive. This field only accepts active prices.', param);
  }
  if (price.type !== 'recurring') {
    throw invalidRequest('The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.', param);
  }
  if (currency !== null && price.currency !== currency) {
    throw invalidRequest(
      `The price specified has currency ${price.currency}, but this subscription has currency ${currency}. All items on a subscription must use the same currency.`,
      param,
    );
  }
  return price;
}

export function requireSameInterval(prices: readonly Stripe.Price[], param: string): void {
  const intervals = new Set(prices.map((price) => `${price.recurring?.interval}/${price.recurring?.interval_count}`));
  if (intervals.size > 1) {
    throw invalidRequest(
      'Currency and interval fields must match across all plans on this subscription. Found mismatch in interval field.',
      param,
    );
  }
}

export function attachedPaymentMethod(store: Store, customerId: string, id: string, param: string): string {
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

export function resolveCancelAt(
  value: number | 'max_period_end' | 'min_period_end',
  periodEnd: number,
  now: number,
  param: string,
): number {
  if (typeof value !== 'number') return periodEnd;
  if (value <= now) throw invalidRequest('cancel_at must be in the future.', param);
  return value;
}

export const NO_CANCELLATION: Stripe.Subscription.CancellationDetails = {
  comment: null,
  feedback: null,
  feedback_option: null,
  reason: null,
};

export const NO_PAYMENT_METHOD =
  'This customer has no attached payment source or default payment method. Please consider adding a default payment method. For more information, visit https://stripe.com/docs/billing/subscriptions/payment-methods-setting#payment-method-priority.';
