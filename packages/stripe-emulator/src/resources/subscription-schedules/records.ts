import type Stripe from 'stripe';
import { invalidRequest, resourceMissing } from '../../errors.js';
import { changedAttributes, recordEvent } from '../../events.js';
import { customerIdOf, idOf } from '../../ids.js';
import type { Store } from '../../store.js';
import { planFromPrice } from '../prices.js';

/**
 * Subscription schedules as stored: their phases, how they are built, attached, released,
 * completed and canceled. A timed pause from the portal: the subscription pauses now and a schedule
 * attached to it (`subscription.schedule`) carries one `pause_schedules` entry whose
 * `resume.resume_at` says when it resumes. A change at the period's end (the portal's
 * `schedule_at_period_end`): two phases, the current items until the period ends, then the new
 * ones (`subscriptions/scheduled-change.ts`). Schedules made through the API (`create.ts`,
 * `update.ts`) are phases of items the same clock applies.
 *
 * Stripe's fixture for `subscription_schedule` predates `pause_schedules`, which the SDK declares:
 * a schedule has the fixture's fields plus that one.
 */

type Schedule = Stripe.SubscriptionSchedule;

export function requireSubscriptionSchedule(store: Store, id: string, param = 'schedule'): Schedule {
  const schedule = store.subscription_schedules.get(id);
  if (!schedule) throw resourceMissing('subscription_schedule', id, param);
  return schedule;
}

export interface PhaseItem {
  readonly price: Stripe.Price;
  readonly quantity: number;
}

/** What a phase sets besides its items and dates. */
export interface PhaseSettings {
  readonly metadata?: Record<string, string>;
  readonly proration_behavior?: Stripe.SubscriptionSchedule.Phase.ProrationBehavior;
}

/** A phase of `items` from `start` to `end`, with Stripe's defaults for everything else. */
export function schedulePhase(
  currency: string,
  items: readonly PhaseItem[],
  start: number,
  end: number,
  settings: PhaseSettings = {},
): Stripe.SubscriptionSchedule.Phase {
  return {
    add_invoice_items: [],
    application_fee_percent: null,
    billing_cycle_anchor: null,
    billing_thresholds: null,
    collection_method: null,
    currency,
    default_payment_method: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    end_date: end,
    invoice_settings: null,
    items: items.map((item) => ({
      billing_thresholds: null,
      discounts: [],
      metadata: {},
      plan: planFromPrice(item.price),
      price: item.price.id,
      quantity: item.quantity,
      tax_rates: [],
    })),
    metadata: settings.metadata ?? {},
    on_behalf_of: null,
    proration_behavior: settings.proration_behavior ?? 'create_prorations',
    start_date: start,
    transfer_data: null,
    trial_end: null,
  } as Stripe.SubscriptionSchedule.Phase;
}

/** The items a subscription has now, as a phase holds them. */
export function currentItems(subscription: Stripe.Subscription): PhaseItem[] {
  return subscription.items.data.map((item) => ({ price: item.price, quantity: item.quantity ?? 1 }));
}

/** What a schedule sets besides its phases. */
export interface ScheduleSettings {
  /** The id to give it, when its subscription had to name it first. */
  readonly id?: string;
  readonly end_behavior?: Schedule['end_behavior'];
  readonly metadata?: Record<string, string>;
  readonly pause_schedules?: Schedule['pause_schedules'];
}

/** A new schedule attached to `subscription`, released at its end unless `settings` say otherwise, with `phases`. Not stored. */
function newSchedule(
  store: Store,
  subscription: Stripe.Subscription,
  phases: Stripe.SubscriptionSchedule.Phase[],
  settings: ScheduleSettings,
): Schedule {
  const now = store.now();
  const first = phases[0]!;
  return {
    id: settings.id ?? store.newId('sub_sched'),
    object: 'subscription_schedule',
    application: null,
    billing_mode: subscription.billing_mode,
    canceled_at: null,
    completed_at: null,
    created: now,
    current_phase: { end_date: first.end_date, start_date: first.start_date },
    customer: customerIdOf(subscription),
    customer_account: null,
    default_settings: {
      application_fee_percent: null,
      automatic_tax: { disabled_reason: null, enabled: false, liability: null },
      billing_cycle_anchor: 'automatic',
      billing_thresholds: null,
      collection_method: subscription.collection_method,
      default_payment_method: null,
      description: null,
      invoice_settings: { account_tax_ids: null, days_until_due: null, issuer: { type: 'self' } },
      on_behalf_of: null,
      transfer_data: null,
    } as Stripe.SubscriptionSchedule.DefaultSettings,
    end_behavior: settings.end_behavior ?? 'release',
    livemode: false,
    metadata: settings.metadata ?? {},
    pause_schedules: settings.pause_schedules ?? [],
    phases,
    released_at: null,
    released_subscription: null,
    status: 'active',
    subscription: subscription.id,
    test_clock: null,
  };
}

/**
 * Attaches a schedule to a subscription that has just paused, resuming it at `resumeAt` with the
 * billing cycle anchor at the resume time. Records `subscription_schedule.created`.
 */
export function createPauseSchedule(store: Store, subscription: Stripe.Subscription, resumeAt: number): Schedule {
  const now = store.now();
  return insertSchedule(store, subscription, [schedulePhase(subscription.currency, currentItems(subscription), now, resumeAt)], {
    pause_schedules: [
      {
        key: 'portal_pause',
        pause: {
          pause_at: now,
          settings: {
            bill_for: { outstanding_usage_through: { type: 'pause_at' }, unused_time_from: { type: 'pause_at' } },
            invoicing_behavior: 'pending_invoice_item',
            type: 'subscription',
          },
          status: { type: 'succeeded' },
        },
        resume: {
          resume_at: resumeAt,
          settings: { billing_cycle_anchor: 'resume_at', payment_behavior: 'resume_on_payment_attempt', proration_behavior: 'none' },
          status: { type: 'scheduled' },
        },
      },
    ],
  });
}

/**
 * Stores a new schedule of `phases` for `subscription` and records `subscription_schedule.created`.
 * The caller points the subscription at it (`subscription.schedule`).
 */
export function insertSchedule(
  store: Store,
  subscription: Stripe.Subscription,
  phases: Stripe.SubscriptionSchedule.Phase[],
  settings: ScheduleSettings = {},
): Schedule {
  const schedule = newSchedule(store, subscription, phases, settings);
  store.subscription_schedules.set(schedule);
  recordEvent(store, 'subscription_schedule.created', schedule);
  return schedule;
}

/**
 * A schedule that keeps the subscription's items until its period ends and then switches to
 * `next` for one period, after which the schedule is released and the subscription carries on.
 * Records `subscription_schedule.created`.
 */
export function createPeriodEndSchedule(
  store: Store,
  subscription: Stripe.Subscription,
  next: readonly PhaseItem[],
  period: { start: number; end: number },
  nextEnd: number,
): Schedule {
  return insertSchedule(store, subscription, [
    schedulePhase(subscription.currency, currentItems(subscription), period.start, period.end),
    schedulePhase(subscription.currency, next, period.end, nextEnd),
  ]);
}

/** Stores `after` in place of `before` and records `subscription_schedule.updated` with what changed. */
export function saveSchedule(store: Store, before: Schedule, after: Schedule): Schedule {
  store.subscription_schedules.set(after);
  const previous = changedAttributes(before, after);
  if (previous) recordEvent(store, 'subscription_schedule.updated', after, previous);
  return after;
}

/** When the schedule's pause ends, or null for a schedule without a resume. */
export function scheduledResume(schedule: Schedule): number | null {
  const resume = schedule.pause_schedules.find((entry) => entry.resume?.status.type === 'scheduled')?.resume;
  return resume?.resume_at ?? null;
}

/**
 * Lets the subscription go: the resume happened (on time, or early through the API or the portal).
 * Records `subscription_schedule.released`.
 */
export function releaseSchedule(store: Store, id: string): Schedule {
  const before = requireSubscriptionSchedule(store, id);
  const now = store.now();
  const released: Schedule = {
    ...before,
    current_phase: null,
    pause_schedules: before.pause_schedules.map((entry) =>
      entry.resume ? { ...entry, resume: { ...entry.resume, status: { type: 'succeeded' } } } : entry,
    ),
    released_at: now,
    released_subscription: idOf(before.subscription),
    status: 'released',
    subscription: null,
  };
  store.subscription_schedules.set(released);
  recordEvent(store, 'subscription_schedule.released', released);
  return released;
}

/** Ends a schedule and the subscription with it (`POST /v1/subscription_schedules/:id/cancel`). Records `subscription_schedule.canceled`. */
export function markScheduleCanceled(store: Store, before: Schedule): Schedule {
  const canceled: Schedule = { ...before, canceled_at: store.now(), current_phase: null, status: 'canceled' };
  store.subscription_schedules.set(canceled);
  recordEvent(store, 'subscription_schedule.canceled', canceled);
  return canceled;
}

/** The last phase ended under `end_behavior: 'cancel'`. Records `subscription_schedule.completed`. */
export function markScheduleCompleted(store: Store, before: Schedule, at: number): Schedule {
  const completed: Schedule = { ...before, completed_at: at, current_phase: null, status: 'completed' };
  store.subscription_schedules.set(completed);
  recordEvent(store, 'subscription_schedule.completed', completed);
  return completed;
}

/** A schedule that can still be released, canceled or updated (`action`), or Stripe's error. */
export function requireRunningSchedule(store: Store, id: string, action = 'release or cancel'): Schedule {
  const schedule = requireSubscriptionSchedule(store, id);
  if (schedule.status !== 'active' && schedule.status !== 'not_started') {
    throw invalidRequest(
      `You cannot ${action} a subscription schedule that is currently in the \`${schedule.status}\` status. It must be in \`not_started\` or \`active\` status.`,
    );
  }
  return schedule;
}
