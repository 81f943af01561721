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

/** When a cancelling subscription ends. */
export function endDate(subscription: Subscription): Date | null {
  if (subscription.cancelAt) return subscription.cancelAt;
  if (subscription.cancelAtPeriodEnd) return subscription.currentPeriodEnd;
  return null;
}

export function formatDate(date: Date, locale = 'en-US') {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

/** "is set to end on …" / "ended on …", or null for a subscription that goes on. */
export function describeEnding(subscription: Subscription): string | null {
  if (!isLive(subscription)) {
    const ended = subscription.endedAt ?? subscription.canceledAt;
    return ended ? `ended on ${formatDate(ended)}` : 'has ended';
  }
  const end = endDate(subscription);
  return end ? `is set to end on ${formatDate(end)}` : null;
}

export function formatMoney(amount: number, currency: string, locale = 'en-US') {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: currency.toUpperCase() }).format(amount / 100);
}

export function formatPrice(subscription: Pick<Subscription, 'unitAmount' | 'currency' | 'interval' | 'intervalCount'>) {
  if (subscription.unitAmount === null) return 'Custom pricing';
  const amount = formatMoney(subscription.unitAmount, subscription.currency);
  if (!subscription.interval) return amount;
  return subscription.intervalCount > 1
    ? `${amount} every ${subscription.intervalCount} ${subscription.interval}s`
    : `${amount} / ${subscription.interval}`;
}
