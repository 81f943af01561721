import type Stripe from 'stripe';
import { invalidRequest } from '../../errors.js';
import { changedAttributes, recordEvent } from '../../events.js';
import { customerIdOf } from '../../ids.js';
import type { Store } from '../../store.js';
import { buildInvoice, defaultPaymentMethodFor, issueInvoice, paymentOutcome } from '../invoices/index.js';
import { createPendingItems, pendingItemLine, pendingItemsOf, prorationsFor } from './proration.js';
import { NO_CANCELLATION, periodOf, renderSubscription, type SubscriptionItemRecord } from './records.js';
import { requireSubscription } from './renewal.js';
import type { SubscriptionCancelInput } from './schemas.js';

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

export function endSubscription(
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
