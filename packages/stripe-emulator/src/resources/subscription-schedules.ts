import type Stripe from 'stripe';
import { resourceMissing } from '../errors.js';
import { recordEvent } from '../events.js';
import { customerIdOf, idOf } from '../ids.js';
import { noParams, parseParams } from '../params.js';
import { pathParam, type EmulatorModule } from '../router.js';
import type { Store } from '../store.js';

/**
 * Subscription schedules, only as far as a timed pause needs them. When a customer pauses for a
 * preset duration in the portal, the subscription pauses now and a schedule attached to it
 * (`subscription.schedule`) carries one `pause_schedules` entry whose `resume.resume_at` says when
 * it resumes: the way Stripe's types model a pause with an end. Creating, updating and releasing
 * schedules through the API is not emulated; `GET /v1/subscription_schedules/:id` is.
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

/** The phase a pause schedule keeps: the subscription's items as they are, until it resumes. */
function currentPhase(subscription: Stripe.Subscription, start: number, end: number): Stripe.SubscriptionSchedule.Phase {
  return {
    add_invoice_items: [],
    application_fee_percent: null,
    billing_cycle_anchor: null,
    billing_thresholds: null,
    collection_method: null,
    currency: subscription.currency,
    default_payment_method: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    end_date: end,
    invoice_settings: null,
    items: subscription.items.data.map((item) => ({
      billing_thresholds: null,
      discounts: [],
      metadata: {},
      plan: item.plan,
      price: item.price.id,
      quantity: item.quantity ?? 1,
      tax_rates: [],
    })),
    metadata: {},
    on_behalf_of: null,
    proration_behavior: 'create_prorations',
    start_date: start,
    transfer_data: null,
    trial_end: null,
  } as Stripe.SubscriptionSchedule.Phase;
}

/**
 * Attaches a schedule to a subscription that has just paused, resuming it at `resumeAt` with the
 * billing cycle anchor at the resume time. Records `subscription_schedule.created`.
 */
export function createPauseSchedule(store: Store, subscription: Stripe.Subscription, resumeAt: number): Schedule {
  const now = store.now();
  const schedule: Schedule = {
    id: store.newId('sub_sched'),
    object: 'subscription_schedule',
    application: null,
    billing_mode: subscription.billing_mode,
    canceled_at: null,
    completed_at: null,
    created: now,
    current_phase: { end_date: resumeAt, start_date: now },
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
    end_behavior: 'release',
    livemode: false,
    metadata: {},
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
    phases: [currentPhase(subscription, now, resumeAt)],
    released_at: null,
    released_subscription: null,
    status: 'active',
    subscription: subscription.id,
    test_clock: null,
  };
  store.subscription_schedules.set(schedule);
  recordEvent(store, 'subscription_schedule.created', schedule);
  return schedule;
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

export const subscriptionSchedulesModule: EmulatorModule = {
  name: 'subscription_schedules',
  apiRoutes: [
    {
      method: 'GET',
      path: '/v1/subscription_schedules/:id',
      handler: (request) => {
        parseParams(noParams, request.params);
        return requireSubscriptionSchedule(request.store, pathParam(request, 'id'), 'schedule');
      },
    },
  ],
  resolve: (store, id) => (id.startsWith('sub_sched_') ? store.subscription_schedules.get(id) : undefined),
};
