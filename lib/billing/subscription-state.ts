import type { Subscription } from '@/lib/db/schema';

/**
 * What a subscription row allows, decided in one place so the account page's
 * buttons and the server actions behind them never disagree.
 */

const LIVE_STATUSES = new Set(['active', 'trialing', 'past_due', 'unpaid', 'paused']);

export function isLive(subscription: Subscription) {
  return LIVE_STATUSES.has(subscription.status);
}

/** Set to end later: Stripe says so with either cancel_at_period_end or cancel_at. */
export function isCancelling(subscription: Subscription) {
  return isLive(subscription) && (subscription.cancelAtPeriodEnd || subscription.cancelAt !== null);
}

export function isCancelable(subscription: Subscription) {
  return isLive(subscription) && !isCancelling(subscription);
}

export function isChangeable(subscription: Subscription) {
  return isLive(subscription) && subscription.status !== 'paused' && !isCancelling(subscription);
}

/**
 * Stripe pauses only subscriptions that go on (active, trialing, past_due); one set to end
 * cannot be paused (packages/stripe-emulator/README.md says what the emulator assumed).
 */
export function isPausable(subscription: Subscription) {
  return (
    ['active', 'trialing', 'past_due'].includes(subscription.status) && !isCancelling(subscription) && subscription.scheduleId === null
  );
}

/** A plan change waits for the period's end (a schedule's next phase): "Changes to … on …". */
export function hasPendingChange(subscription: Subscription) {
  return isLive(subscription) && subscription.pendingChangeAt !== null && subscription.scheduleId !== null;
}

/**
 * "Keep my plan": a subscription set to end (`cancel_at`, with or without
 * `cancel_at_period_end`) that has not ended yet; Stripe undoes both by clearing `cancel_at`.
 */
export function isRenewable(subscription: Subscription) {
  return isCancelling(subscription);
}

/** A trial with no card to charge at its end: /account asks for one. */
export function needsCardForTrial(subscription: Subscription, hasDefaultPaymentMethod: boolean) {
  return subscription.status === 'trialing' && !hasDefaultPaymentMethod;
}

export function isResumable(subscription: Subscription) {
  return subscription.status === 'paused';
}

/** When a cancelling subscription ends. */
export function endDate(subscription: Subscription): Date | null {
  if (subscription.cancelAt) return subscription.cancelAt;
  if (subscription.cancelAtPeriodEnd) return subscription.currentPeriodEnd;
  return null;
}

/** How a subscription that does not go on ended, or will end; null while it goes on. */
export type Ending = { kind: 'ended'; date: Date } | { kind: 'has-ended' } | { kind: 'ends'; date: Date };

export function ending(subscription: Subscription): Ending | null {
  if (!isLive(subscription)) {
    const ended = subscription.endedAt ?? subscription.canceledAt;
    return ended ? { kind: 'ended', date: ended } : { kind: 'has-ended' };
  }
  const end = endDate(subscription);
  return end ? { kind: 'ends', date: end } : null;
}
