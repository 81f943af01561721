import type Stripe from 'stripe';
import { invalidRequest, parameterMissing, unsupported } from '../../errors.js';
import { idOf } from '../../ids.js';
import { mergeMetadata } from '../../params.js';
import type { Store } from '../../store.js';
import { requireCustomer } from '../customers.js';
import { createSubscription, hasEnded, requireSubscription } from '../subscriptions/index.js';
import { periodOf } from '../subscriptions/records.js';
import { attachSchedule } from '../subscriptions/scheduled-change.js';
import { resolvePhases } from './phases.js';
import { currentItems, insertSchedule, requireSubscriptionSchedule, schedulePhase } from './records.js';
import type { ScheduleCreateInput } from './schemas.js';

/**
 * `POST /v1/subscription_schedules`: either `from_subscription`, which puts an existing
 * subscription under a schedule of one phase (its current items until its period ends, then
 * released), or `customer` and `phases`, which creates the subscription of the first phase now.
 * Records `subscription_schedule.created` and the subscription's events.
 */
export function createSubscriptionSchedule(store: Store, params: ScheduleCreateInput): Stripe.SubscriptionSchedule {
  if (params.from_subscription !== undefined) return scheduleFromSubscription(store, params.from_subscription, params);
  if (params.customer === undefined) throw invalidRequest('You must provide either `customer` or `from_subscription`.');
  if (params.phases === undefined) throw parameterMissing('phases');
  const now = store.now();
  // Stripe also starts schedules in the future (`not_started`, then started by its clock) or in the
  // past (backdated); the emulator starts them now.
  if (params.start_date !== undefined && params.start_date !== 'now' && params.start_date !== now) {
    throw unsupported(
      'start_date',
      params.start_date > now
        ? 'a schedule starts `now`; create it when its subscription should start.'
        : 'backdating a schedule is not emulated; use `now`.',
    );
  }
  const customer = requireCustomer(store, params.customer, 'customer');
  const phases = resolvePhases(store, params.phases, now, null);
  const id = store.newId('sub_sched');
  const subscription = createSubscription(store, { customer: customer.id, items: params.phases[0]!.items }, id);
  insertSchedule(store, subscription, phases, {
    id,
    end_behavior: params.end_behavior,
    metadata: mergeMetadata({}, params.metadata),
  });
  return requireSubscriptionSchedule(store, id);
}

// Stripe: "When using this parameter, other parameters (such as phase values) cannot be set."
const NOT_WITH_FROM_SUBSCRIPTION = ['customer', 'phases', 'start_date', 'end_behavior'] as const;

function scheduleFromSubscription(store: Store, subscriptionId: string, params: ScheduleCreateInput): Stripe.SubscriptionSchedule {
  const conflicting = NOT_WITH_FROM_SUBSCRIPTION.find((param) => params[param] !== undefined);
  if (conflicting) throw invalidRequest(`You cannot set \`${conflicting}\` if \`from_subscription\` is set.`, conflicting);
  const subscription = requireSubscription(store, subscriptionId, 'from_subscription');
  if (hasEnded(subscription)) {
    throw invalidRequest(
      `You cannot migrate a subscription that has ended (status \`${subscription.status}\`) to a subscription schedule.`,
      'from_subscription',
    );
  }
  const existing = idOf(subscription.schedule);
  if (existing) {
    throw invalidRequest(`You cannot migrate a subscription that is already attached to a schedule: \`${existing}\`.`, 'from_subscription');
  }
  const period = periodOf(subscription);
  const schedule = insertSchedule(
    store,
    subscription,
    [schedulePhase(subscription.currency, currentItems(subscription), period.start, period.end)],
    { metadata: mergeMetadata({}, params.metadata) },
  );
  attachSchedule(store, subscription, schedule.id);
  return schedule;
}
