import type Stripe from 'stripe';
import type { Subscription } from '@/lib/db/schema';

/**
 * "Resume" on a paused subscription: Stripe's resume endpoint, one call. The billing cycle
 * restarts now and the resumption invoice is charged at once (Stripe's defaults); if that
 * charge fails the subscription is `past_due` and /account asks for a new card. The key ties
 * a double-click (or a replayed form) to one resume of this pause: Stripe answers it with
 * the first response instead of refusing an already active subscription.
 */
export async function resumeSubscription(stripe: Stripe, subscription: Subscription): Promise<Stripe.Subscription> {
  const pause = subscription.pausedAt?.getTime() ?? 'unknown';
  return stripe.subscriptions.resume(subscription.id, {}, { idempotencyKey: `resume-${subscription.id}-${pause}` });
}
