import type Stripe from 'stripe';
import { cardError, invalidRequest } from '../../errors.js';
import { changedAttributes, recordEvent } from '../../events.js';
import { customerIdOf } from '../../ids.js';
import { mergeMetadata } from '../../params.js';
import type { Store } from '../../store.js';
import { applyDiscountInputs, deleteDiscount, validateDiscountInputs } from '../discounts.js';
import { buildInvoice, defaultPaymentMethodFor, issueInvoice, paymentOutcome } from '../invoices/index.js';
import { consumeOnceDiscounts, statusAfterPayment } from './invoicing.js';
import { immediateLines, planChange } from './plan-change.js';
import { createPendingItems, pendingItemsOf } from './proration.js';
import {
  attachedPaymentMethod,
  discountIdsOf,
  hasEnded,
  itemsList,
  NO_CANCELLATION,
  NO_PAYMENT_METHOD,
  periodOf,
  renderSubscription,
  resolveCancelAt,
} from './records.js';
import { requireSubscription } from './renewal.js';
import type { SubscriptionUpdateInput } from './schemas.js';

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

  if (hasEnded(before)) {
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
    ...(params.trial_settings !== undefined && {
      trial_settings: {
        end_behavior: { billing_cycle_anchor: null, missing_payment_method: params.trial_settings.end_behavior.missing_payment_method },
      },
    }),
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
    subscription = {
      ...subscription,
      discounts: applyDiscountInputs(store, params.discounts ?? [], { customer: customerId, subscription: id }),
    };
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
export function scheduleCancellation(
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
