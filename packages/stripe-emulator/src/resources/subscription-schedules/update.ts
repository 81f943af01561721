import type Stripe from 'stripe';
import { invalidRequest } from '../../errors.js';
import { idOf } from '../../ids.js';
import { mergeMetadata } from '../../params.js';
import type { Store } from '../../store.js';
import { requireSubscription, updateSubscription } from '../subscriptions/index.js';
import type { ItemChange } from '../subscriptions/schemas.js';
import { resolvePhases, sameItems, samePhase } from './phases.js';
import { requireRunningSchedule, saveSchedule } from './records.js';
import type { ScheduleUpdateInput } from './schemas.js';

type Phase = Stripe.SubscriptionSchedule.Phase;

/**
 * `POST /v1/subscription_schedules/:id`: `end_behavior`, `metadata`, and `phases`, which replace
 * the phases from the current one on. Past phases may be omitted and, when given, must be as they
 * were; the current phase must be given, starting when it started. A change to the current phase's
 * items applies to the subscription now, prorated as `proration_behavior` says. Records
 * `subscription_schedule.updated` (and the subscription's events when its items change).
 */
export function updateSubscriptionSchedule(store: Store, id: string, params: ScheduleUpdateInput): Stripe.SubscriptionSchedule {
  // The subscription is brought up to the clock first: a phase that fell due has started. A running
  // schedule in the emulator always has its subscription (it never starts in the future).
  const subscription = requireSubscription(store, idOf(requireRunningSchedule(store, id, 'update').subscription)!);
  const before = requireRunningSchedule(store, id, 'update');
  let after: Stripe.SubscriptionSchedule = {
    ...before,
    end_behavior: params.end_behavior ?? before.end_behavior,
    metadata: mergeMetadata(before.metadata ?? {}, params.metadata),
  };
  if (params.phases !== undefined) {
    if (before.pause_schedules.length > 0) {
      throw invalidRequest(
        'This subscription schedule holds a pause: the emulator does not update its phases. Resume the subscription first.',
      );
    }
    const given = resolvePhases(store, params.phases, null, subscription.currency);
    const now = store.now();
    const kept = before.phases.filter((phase) => phase.end_date <= (given[0]?.start_date ?? now));
    given.forEach((phase, index) => requireUnchangedIfPast(before.phases, phase, index, now));
    const current = given.find((phase) => phase.start_date <= now && now < phase.end_date);
    if (!current || !before.current_phase) {
      throw invalidRequest(
        'The phases must include the current phase: past phases may be omitted, but not the one that is in effect now.',
        'phases',
      );
    }
    if (current.start_date !== before.current_phase.start_date) {
      throw invalidRequest('You can not modify the start date of the current phase.', `phases[${given.indexOf(current)}][start_date]`);
    }
    if (!sameItems(current.items, subscription.items.data)) {
      updateSubscription(store, subscription.id, {
        items: itemChanges(subscription, current),
        proration_behavior: params.proration_behavior ?? 'create_prorations',
      });
    }
    after = { ...after, phases: [...kept, ...given], current_phase: { start_date: current.start_date, end_date: current.end_date } };
  }
  return saveSchedule(store, before, after);
}

/** A phase that has ended can be given again as it was, but not changed. */
function requireUnchangedIfPast(phases: readonly Phase[], phase: Phase, index: number, now: number): void {
  if (phase.end_date > now || phases.some((existing) => samePhase(existing, phase))) return;
  throw invalidRequest(`Phase ${index} has already ended and can not be changed.`, `phases[${index}]`);
}

/** The item changes that give the subscription the phase's items: same positions, new prices and quantities. */
function itemChanges(subscription: Stripe.Subscription, phase: Phase): ItemChange[] {
  const existing = subscription.items.data;
  const count = Math.max(existing.length, phase.items.length);
  return Array.from({ length: count }, (_, index): ItemChange => {
    const item = existing[index];
    const next = phase.items[index];
    if (!next) return { id: item!.id, deleted: true };
    const change = { price: idOf(next.price), quantity: next.quantity ?? 1 };
    return item ? { id: item.id, ...change } : change;
  });
}
