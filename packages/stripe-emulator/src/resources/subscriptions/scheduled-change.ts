import type Stripe from 'stripe';
import { changedAttributes, recordEvent } from '../../events.js';
import { idOf } from '../../ids.js';
import type { Store } from '../../store.js';
import { addInterval } from '../amounts.js';
import { planFromPrice } from '../prices.js';
import {
  createPeriodEndSchedule,
  markScheduleCanceled,
  markScheduleCompleted,
  releaseSchedule,
  requireRunningSchedule,
  type PhaseItem,
} from '../subscription-schedules/records.js';
import { endSubscription } from './cancel.js';
import { intervalOf, itemsList, periodOf, renderSubscription, type SubscriptionItemRecord } from './records.js';
import type { SubscriptionCancelInput } from './schemas.js';

/**
 * A subscription's schedule over time: plan changes that wait for the end of the period, as the
 * portal makes them under `features.subscription_update.schedule_at_period_end` (a schedule whose
 * second phase holds the new items), and the phases of schedules made through the API. The clock
 * starts each phase when it is due and ends the schedule after its last phase
 * (`settleSubscription`); releasing the schedule first keeps the current plan.
 */

type Condition = Stripe.BillingPortal.Configuration.Features.SubscriptionUpdate.ScheduleAtPeriodEnd.Condition.Type;

const APPROXIMATE_DAYS = { day: 1, week: 7, month: 30, year: 365 } as const;

function intervalDays(price: Stripe.Price): number {
  const { interval, count } = intervalOf(price);
  return APPROXIMATE_DAYS[interval] * count;
}

/** What one period of the items costs, before discounts. */
function periodAmount(items: readonly PhaseItem[]): number {
  return items.reduce((sum, item) => sum + (item.price.unit_amount ?? 0) * item.quantity, 0);
}

/**
 * Whether a change from `current` to `next` meets one of the conditions: `decreasing_item_amount`
 * (one period of the new items costs less) or `shortening_interval` (a shorter billing interval).
 */
export function meetsScheduleCondition(
  conditions: readonly { type: Condition }[],
  current: readonly PhaseItem[],
  next: readonly PhaseItem[],
): boolean {
  const [currentFirst] = current;
  const [nextFirst] = next;
  if (!currentFirst || !nextFirst) return false;
  return conditions.some((condition) =>
    condition.type === 'decreasing_item_amount'
      ? periodAmount(next) < periodAmount(current)
      : intervalDays(nextFirst.price) < intervalDays(currentFirst.price),
  );
}

/**
 * Schedules `next` for the end of the current period: a two-phase schedule attached to the
 * subscription. Records `subscription_schedule.created` and `customer.subscription.updated`.
 */
export function scheduleAtPeriodEnd(store: Store, before: Stripe.Subscription, next: readonly PhaseItem[]): Stripe.Subscription {
  const period = periodOf(before);
  const { interval, count } = intervalOf(next[0]!.price);
  const schedule = createPeriodEndSchedule(store, before, next, period, addInterval(period.end, interval, count));
  return attachSchedule(store, before, schedule.id);
}

/** Points the subscription at its new schedule (`subscription.schedule`). Records `customer.subscription.updated`. */
export function attachSchedule(store: Store, before: Stripe.Subscription, scheduleId: string): Stripe.Subscription {
  const stored = store.subscriptions.get(before.id)!;
  store.subscriptions.set({ ...stored, schedule: scheduleId });
  const after = renderSubscription(store, store.subscriptions.get(before.id)!);
  recordEvent(store, 'customer.subscription.updated', after, changedAttributes(before, after));
  return after;
}

/** The phase of the subscription's schedule that starts by `until`, after the current one, if any. */
export function duePhase(store: Store, subscription: Stripe.Subscription, until: number): Stripe.SubscriptionSchedule.Phase | null {
  const scheduleId = idOf(subscription.schedule);
  const schedule = scheduleId ? store.subscription_schedules.get(scheduleId) : undefined;
  if (!schedule || schedule.status !== 'active' || schedule.pause_schedules.length > 0) return null;
  const current = schedule.current_phase?.start_date ?? 0;
  return schedule.phases.find((phase) => phase.start_date > current && phase.start_date <= until) ?? null;
}

/** When the subscription's schedule is over (its last phase ends) and should end as its `end_behavior` says, or null. */
export function scheduleEnd(store: Store, subscription: Stripe.Subscription): number | null {
  const scheduleId = idOf(subscription.schedule);
  const schedule = scheduleId ? store.subscription_schedules.get(scheduleId) : undefined;
  if (!schedule || schedule.status !== 'active' || schedule.pause_schedules.length > 0) return null;
  return schedule.phases.at(-1)?.end_date ?? null;
}

/**
 * Starts a phase: the subscription's items become the phase's, without prorations (the period
 * ends just as the phase starts). Records `subscription_schedule.updated` and
 * `customer.subscription.updated`.
 */
export function startPhase(store: Store, before: Stripe.Subscription, phase: Stripe.SubscriptionSchedule.Phase): void {
  const scheduleId = idOf(before.schedule)!;
  const schedule = store.subscription_schedules.get(scheduleId)!;
  const updatedSchedule = { ...schedule, current_phase: { start_date: phase.start_date, end_date: phase.end_date } };
  store.subscription_schedules.set(updatedSchedule);
  recordEvent(store, 'subscription_schedule.updated', updatedSchedule, { current_phase: schedule.current_phase });
  const existing = before.items.data as SubscriptionItemRecord[];
  const items = phase.items.map((entry, index): SubscriptionItemRecord => {
    const price = store.prices.get(idOf(entry.price) ?? '')!;
    const base = existing[index] ?? existing[0]!;
    return { ...base, id: existing[index]?.id ?? store.newId('si'), price, plan: planFromPrice(price), quantity: entry.quantity ?? 1 };
  });
  store.subscriptions.set({ ...store.subscriptions.get(before.id)!, items: itemsList(before.id, items) });
  const after = renderSubscription(store, store.subscriptions.get(before.id)!);
  recordEvent(store, 'customer.subscription.updated', after, changedAttributes(before, after));
}

/**
 * Ends the subscription's schedule after its last phase, at `at`, as its `end_behavior` says:
 * `release` lets the subscription carry on (`releaseSubscriptionSchedule`); `cancel` ends the
 * subscription then and completes the schedule (`customer.subscription.deleted`,
 * `subscription_schedule.completed`).
 */
export function finishSchedule(store: Store, subscription: Stripe.Subscription, at: number): void {
  const scheduleId = idOf(subscription.schedule)!;
  const schedule = store.subscription_schedules.get(scheduleId)!;
  if (schedule.end_behavior !== 'cancel') {
    releaseSubscriptionSchedule(store, scheduleId);
    return;
  }
  endSubscription(store, renderSubscription(store, subscription), at, {});
  markScheduleCompleted(store, schedule, at);
}

/**
 * Lets the subscription go on its own (`POST /v1/subscription_schedules/:id/release`): it keeps
 * its current items, phases not yet started never happen. Records `subscription_schedule.released`
 * and `customer.subscription.updated`.
 */
export function releaseSubscriptionSchedule(store: Store, id: string): Stripe.SubscriptionSchedule {
  const schedule = requireRunningSchedule(store, id);
  const subscriptionId = idOf(schedule.subscription);
  const released = releaseSchedule(store, id);
  const before = subscriptionId ? store.subscriptions.get(subscriptionId) : undefined;
  if (before && idOf(before.schedule) === id) {
    const rendered = renderSubscription(store, before);
    store.subscriptions.set({ ...before, schedule: null });
    const after = renderSubscription(store, store.subscriptions.get(before.id)!);
    recordEvent(store, 'customer.subscription.updated', after, changedAttributes(rendered, after));
  }
  return released;
}

/**
 * Cancels a schedule and its subscription now (`POST /v1/subscription_schedules/:id/cancel`), as
 * Stripe does. Records `subscription_schedule.canceled` and `customer.subscription.deleted`.
 */
export function cancelSubscriptionSchedule(
  store: Store,
  id: string,
  params: Pick<SubscriptionCancelInput, 'invoice_now' | 'prorate'>,
): Stripe.SubscriptionSchedule {
  const schedule = requireRunningSchedule(store, id);
  const subscriptionId = idOf(schedule.subscription);
  const canceled = markScheduleCanceled(store, schedule);
  const subscription = subscriptionId ? store.subscriptions.get(subscriptionId) : undefined;
  if (subscription && subscription.status !== 'canceled' && subscription.status !== 'incomplete_expired') {
    endSubscription(store, renderSubscription(store, { ...subscription, schedule: null }), store.now(), {
      invoice_now: params.invoice_now ?? true,
      prorate: params.prorate ?? true,
    });
  }
  return canceled;
}
