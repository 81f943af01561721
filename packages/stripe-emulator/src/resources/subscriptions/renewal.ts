import type Stripe from 'stripe';
import { resourceMissing } from '../../errors.js';
import { changedAttributes, recordEvent } from '../../events.js';
import { customerIdOf } from '../../ids.js';
import type { Store } from '../../store.js';
import { addInterval } from '../amounts.js';
import { buildInvoice, defaultPaymentMethodFor, issueInvoice, paymentOutcome } from '../invoices/index.js';
import { endSubscription } from './cancel.js';
import { consumeOnceDiscounts, recurringLine, statusAfterPayment } from './invoicing.js';
import { dueResume, resumeSubscriptionAt } from './pause.js';
import { pendingItemLine, pendingItemsOf } from './proration.js';
import { duePhase, finishSchedule, scheduleEnd, startPhase } from './scheduled-change.js';
import {
  discountIdsOf,
  firstItem,
  hasEnded,
  intervalOf,
  itemsList,
  periodOf,
  renderSubscription,
  type SubscriptionItemRecord,
} from './records.js';

// Subscriptions over time: renewals, trial ends, scheduled cancellations and the ends of timed
// pauses, applied when a subscription is next read.

/**
 * A subscription as the API returns it: brought up to date with the clock first (renewals,
 * trial ends and scheduled cancellations that fell due), with its items' prices current.
 */
export function requireSubscription(store: Store, id: string, param = 'id'): Stripe.Subscription {
  if (!store.subscriptions.has(id)) throw resourceMissing('subscription', id, param);
  settleSubscription(store, id);
  return renderSubscription(store, store.subscriptions.get(id)!);
}

/**
 * Brings a subscription up to the clock: a trial that ended starts billing, a period that ended
 * renews with a new invoice, a scheduled cancellation that came due ends it. Stripe does this on
 * its own schedule; the emulator does it when the subscription is next looked at, with the events
 * Stripe would have sent.
 */
export function settleSubscription(store: Store, id: string): void {
  for (let guard = 0; guard < 1_000; guard += 1) {
    const subscription = store.subscriptions.get(id);
    if (!subscription || hasEnded(subscription)) return;
    const now = store.now();
    const period = periodOf(subscription);
    if (subscription.cancel_at !== null && subscription.cancel_at <= now && subscription.cancel_at <= period.end) {
      endSubscription(store, renderSubscription(store, subscription), subscription.cancel_at, {});
      return;
    }
    // A paused subscription stays in its period until it resumes, on a timed pause's schedule.
    const resumeAt = dueResume(store, subscription);
    if (resumeAt !== null) {
      resumeSubscriptionAt(store, renderSubscription(store, subscription), resumeAt);
      continue;
    }
    // A schedule's phase that starts at the period's end (a change scheduled for then) happens just
    // before the period renews; after its last phase the schedule ends as its end_behavior says.
    const phase = duePhase(store, subscription, Math.min(now, period.end));
    if (phase) {
      startPhase(store, renderSubscription(store, subscription), phase);
      continue;
    }
    const scheduleEndsAt = scheduleEnd(store, subscription);
    if (scheduleEndsAt !== null && scheduleEndsAt <= now && scheduleEndsAt <= period.end) {
      finishSchedule(store, subscription, scheduleEndsAt);
      continue;
    }
    noticeTrialEnd(store, subscription);
    if (subscription.status === 'paused' || period.end > now) return;
    if (subscription.status === 'trialing' && !defaultPaymentMethodFor(store, subscription, customerIdOf(subscription))) {
      const behavior = subscription.trial_settings?.end_behavior.missing_payment_method ?? 'create_invoice';
      if (behavior === 'cancel') {
        endSubscription(store, renderSubscription(store, subscription), period.end, {});
        return;
      }
      if (behavior === 'pause') {
        pauseAtTrialEnd(store, renderSubscription(store, subscription));
        return;
      }
    }
    renewSubscription(store, renderSubscription(store, subscription), period.end);
  }
}

const TRIAL_WILL_END_NOTICES = 'trial_will_end_notices';
const TRIAL_NOTICE_SECONDS = 3 * 86_400;

/** `customer.subscription.trial_will_end`, once per trial end, three days before it (or at once for shorter trials). */
function noticeTrialEnd(store: Store, subscription: Stripe.Subscription): void {
  if (subscription.status !== 'trialing' || subscription.trial_end === null) return;
  if (subscription.trial_end - TRIAL_NOTICE_SECONDS > store.now()) return;
  const notices = store.extra<{ id: string; trial_end: number }>(TRIAL_WILL_END_NOTICES);
  if (notices.get(subscription.id)?.trial_end === subscription.trial_end) return;
  notices.set({ id: subscription.id, trial_end: subscription.trial_end });
  recordEvent(store, 'customer.subscription.trial_will_end', renderSubscription(store, subscription));
}

/** A trial that ends without a card under `missing_payment_method: 'pause'`: paused, nothing billed. */
function pauseAtTrialEnd(store: Store, before: Stripe.Subscription): void {
  store.subscriptions.set({ ...store.subscriptions.get(before.id)!, status: 'paused' });
  const after = renderSubscription(store, store.subscriptions.get(before.id)!);
  recordEvent(store, 'customer.subscription.paused', after);
  recordEvent(store, 'customer.subscription.updated', after, changedAttributes(before, after));
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
