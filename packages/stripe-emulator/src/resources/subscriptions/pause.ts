import type Stripe from 'stripe';
import { invalidRequest } from '../../errors.js';
import { changedAttributes, recordEvent } from '../../events.js';
import { customerIdOf, idOf } from '../../ids.js';
import type { Store } from '../../store.js';
import { addInterval } from '../amounts.js';
import { buildInvoice, defaultPaymentMethodFor, issueInvoice, paymentOutcome, type LineDraft } from '../invoices/index.js';
import { createPauseSchedule, releaseSchedule, scheduledResume } from '../subscription-schedules/records.js';
import { consumeOnceDiscounts, recurringLine } from './invoicing.js';
import { createPendingItems, pendingItemLine, pendingItemsOf, prorationLine, prorationsFor } from './proration.js';
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
import type { SubscriptionPauseInput, SubscriptionResumeInput } from './schemas.js';

/**
 * Pausing (`POST /v1/subscriptions/:id/pause`) and resuming (`…/resume`). A paused subscription
 * has status `paused` and `status_details.paused`, issues no invoices and does not advance to new
 * periods until it resumes. What the docs leave open is assumed as the emulator's README says
 * (which statuses may pause, what resuming bills, how a failed resumption payment ends).
 */

const PAUSABLE: readonly Stripe.Subscription.Status[] = ['active', 'trialing', 'past_due'];

/** Why the subscription cannot pause, in the words the API and the portal use, or null. */
export function pauseRefusal(subscription: Stripe.Subscription): string | null {
  if (subscription.status === 'paused') return `The subscription ${subscription.id} is already paused.`;
  if (hasEnded(subscription)) return `The subscription ${subscription.id} is canceled and cannot be paused.`;
  if (!PAUSABLE.includes(subscription.status)) {
    return `The subscription ${subscription.id} has status \`${subscription.status}\`; only active, trialing and past_due subscriptions can be paused.`;
  }
  if (subscription.collection_method !== 'charge_automatically') {
    return 'Only subscriptions with `collection_method=charge_automatically` can be paused.';
  }
  if (subscription.billing_mode.type !== 'flexible') {
    return `The subscription ${subscription.id} uses classic billing mode; only subscriptions in flexible billing mode can be paused.`;
  }
  if (subscription.schedule !== null) return 'Cannot pause subscriptions with attached schedules.';
  if (subscription.cancel_at !== null) {
    return `The subscription ${subscription.id} is set to be canceled and cannot be paused.`;
  }
  return null;
}

/**
 * Pauses now: unused time is credited (from now by default, from the period start, or not at all)
 * as pending invoice items or on an invoice issued now. With `resumeAt` (a timed pause from the
 * portal) a schedule resumes it then. Records `customer.subscription.paused` and
 * `customer.subscription.updated`.
 */
export function pauseSubscription(
  store: Store,
  before: Stripe.Subscription,
  params: SubscriptionPauseInput = {},
  resumeAt: number | null = null,
): Stripe.Subscription {
  const refusal = pauseRefusal(before);
  if (refusal) throw invalidRequest(refusal);
  const now = store.now();
  const period = periodOf(before);
  const from = params.bill_for?.unused_time_from?.type ?? 'now';
  const credits =
    from === 'none' || before.status === 'trialing'
      ? []
      : prorationsFor(store, before.items.data as SubscriptionItemRecord[], [], period, from === 'now' ? now : period.start);

  let subscription: Stripe.Subscription = {
    ...before,
    status: 'paused',
    status_details: {
      paused: { subscription: { type: 'pause_requested' }, transitioned_at: now, type: 'subscription' },
    },
  };
  if (params.invoicing_behavior === 'invoice' && credits.length > 0) {
    const lines: LineDraft[] = [
      ...pendingItemsOf(store, before.id).map((item) => pendingItemLine(store, item)),
      ...credits.map((draft) => prorationLine(draft, null)),
    ];
    const customerId = customerIdOf(before);
    const draft = buildInvoice(store, {
      customer: customerId,
      subscription,
      billingReason: 'subscription_update',
      lines,
      discounts: [],
      currency: before.currency,
      periodStart: now,
      periodEnd: now,
    });
    subscription = { ...subscription, latest_invoice: draft.id };
    store.subscriptions.set(subscription);
    issueInvoice(store, draft, paymentOutcome(store, draft, defaultPaymentMethodFor(store, subscription, customerId)));
  } else if (credits.length > 0) {
    createPendingItems(store, before, credits);
  }
  if (resumeAt !== null) subscription = { ...subscription, schedule: createPauseSchedule(store, subscription, resumeAt).id };
  store.subscriptions.set(subscription);
  const after = renderSubscription(store, subscription);
  recordEvent(store, 'customer.subscription.paused', after);
  const previous = changedAttributes(before, after);
  if (previous) recordEvent(store, 'customer.subscription.updated', after, previous);
  return after;
}

/** The period of the cycle that `at` falls in, continuing the subscription's old cycle. */
function surroundingPeriod(subscription: Stripe.Subscription, at: number): { start: number; end: number } {
  const { interval, count } = intervalOf(firstItem(subscription).price);
  let { start, end } = periodOf(subscription);
  for (let guard = 0; end <= at && guard < 10_000; guard += 1) {
    start = end;
    end = addInterval(start, interval, count, subscription.billing_cycle_anchor);
  }
  return { start, end };
}

/** What resuming at `at` does; `at` is now for the API, the scheduled time for a timed pause. */
export function resumeSubscriptionAt(
  store: Store,
  before: Stripe.Subscription,
  at: number,
  params: SubscriptionResumeInput = {},
): Stripe.Subscription {
  if (before.status !== 'paused') {
    throw invalidRequest(`The subscription ${before.id} is not paused, so it cannot be resumed.`);
  }
  if (before.collection_method !== 'charge_automatically') {
    throw invalidRequest('Resume is only available for subscriptions that use charge_automatically collection.');
  }
  const customerId = customerIdOf(before);
  const anchor = params.billing_cycle_anchor?.type ?? 'now';
  const { interval, count } = intervalOf(firstItem(before).price);
  const period = anchor === 'now' ? { start: at, end: addInterval(at, interval, count) } : surroundingPeriod(before, at);
  const items = (before.items.data as SubscriptionItemRecord[]).map((item) => ({
    ...item,
    current_period_start: period.start,
    current_period_end: period.end,
  }));
  const { status_details: _paused, ...unpaused } = before;
  let subscription: Stripe.Subscription = {
    ...unpaused,
    items: itemsList(before.id, items),
    billing_cycle_anchor: anchor === 'now' ? at : before.billing_cycle_anchor,
    schedule: null,
    status: 'active',
  };

  // With a new anchor the new period is billed whole; with the old one, the rest of the period
  // it resumes in is prorated (or not, with `proration_behavior: none`).
  const behavior = params.proration_behavior ?? 'create_prorations';
  const charges = anchor === 'unchanged' && behavior !== 'none' ? prorationsFor(store, [], items, period, params.proration_date ?? at) : [];
  const billsNow = anchor === 'now' || (behavior === 'always_invoice' && charges.length > 0);
  if (billsNow) {
    const draft = buildInvoice(store, {
      customer: customerId,
      subscription,
      billingReason: 'subscription_update',
      lines: [
        ...pendingItemsOf(store, before.id).map((item) => pendingItemLine(store, item)),
        ...charges.map((draft) => prorationLine(draft, null)),
        ...(anchor === 'now' ? items.map((item) => recurringLine(store, item, period)) : []),
      ],
      discounts: discountIdsOf(before),
      currency: before.currency,
      periodStart: period.start,
      periodEnd: period.start,
    });
    const outcome = paymentOutcome(store, draft, defaultPaymentMethodFor(store, subscription, customerId));
    const failed = outcome.kind === 'fails' || outcome.kind === 'no_payment_method';
    if (failed && params.payment_behavior === 'resume_on_payment_success') {
      // The resumption invoice stays open and the subscription stays paused until it is paid.
      const paused = { ...before, latest_invoice: draft.id };
      store.subscriptions.set(paused);
      issueInvoice(store, draft, outcome);
      const after = renderSubscription(store, paused);
      recordEvent(store, 'customer.subscription.updated', after, { latest_invoice: before.latest_invoice });
      return after;
    }
    subscription = { ...subscription, latest_invoice: draft.id, status: failed ? 'past_due' : 'active' };
    store.subscriptions.set(subscription);
    const invoice = issueInvoice(store, draft, outcome);
    subscription = { ...subscription, discounts: consumeOnceDiscounts(store, subscription, invoice) };
  } else if (charges.length > 0) {
    createPendingItems(store, subscription, charges);
  }
  const schedule = idOf(before.schedule);
  if (schedule) releaseSchedule(store, schedule);
  store.subscriptions.set(subscription);
  const after = renderSubscription(store, subscription);
  recordEvent(store, 'customer.subscription.resumed', after);
  const previous = changedAttributes(before, after);
  if (previous) recordEvent(store, 'customer.subscription.updated', after, previous);
  return after;
}

/** A timed pause's end, when it has come: resumes at the scheduled time with a new anchor. */
export function dueResume(store: Store, subscription: Stripe.Subscription): number | null {
  if (subscription.status !== 'paused' || hasEnded(subscription)) return null;
  const scheduleId = idOf(subscription.schedule);
  const schedule = scheduleId ? store.subscription_schedules.get(scheduleId) : undefined;
  const resumeAt = schedule ? scheduledResume(schedule) : null;
  return resumeAt !== null && resumeAt <= store.now() ? resumeAt : null;
}
