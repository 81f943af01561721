import type Stripe from 'stripe';
import type { Subscription } from '@/lib/db/schema';

/**
 * The two ways back to the plan a customer has, each one Stripe call. The idempotency key ties a
 * double click (or a replayed form) to one call about this very state: Stripe answers the repeat
 * with the first response instead of refusing a schedule already released.
 */

/** "Keep current plan": release the schedule that holds a change for the period's end; the subscription carries on as it is. */
export async function keepCurrentPlan(stripe: Stripe, subscription: Subscription): Promise<Stripe.SubscriptionSchedule> {
  if (!subscription.scheduleId) throw new Error(`Subscription ${subscription.id} has no schedule to release`);
  return stripe.subscriptionSchedules.release(subscription.scheduleId, {}, { idempotencyKey: `keep-plan-${subscription.scheduleId}` });
}

/**
 * "Keep my plan": undo a cancellation that has not happened yet. `cancel_at_period_end: false`
 * undoes that flag (and the `cancel_at` Stripe derived from it); a `cancel_at` set on its own is
 * cleared with an empty value.
 */
export async function keepSubscription(stripe: Stripe, subscription: Subscription): Promise<Stripe.Subscription> {
  const params: Stripe.SubscriptionUpdateParams = subscription.cancelAtPeriodEnd ? { cancel_at_period_end: false } : { cancel_at: '' };
  const state = `${subscription.cancelAtPeriodEnd}-${subscription.cancelAt?.getTime() ?? 'none'}`;
  return stripe.subscriptions.update(subscription.id, params, { idempotencyKey: `keep-subscription-${subscription.id}-${state}` });
}
