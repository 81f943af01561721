import { describe, expect, it } from 'vitest';
import { endDate, ending, isCancelable, isCancelling, isChangeable, isPausable, isResumable } from '@/lib/billing/subscription-state';
import type { Subscription } from '@/lib/db/schema';

const periodEnd = new Date('2026-12-22T00:00:00Z');

function subscription(overrides: Partial<Subscription> = {}): Subscription {
  return {
    id: 'sub_1',
    stripeCustomerId: 'cus_1',
    status: 'active',
    itemId: 'si_1',
    priceId: 'price_1',
    priceLookupKey: 'pro_monthly',
    productId: 'prod_1',
    productName: 'Pro',
    unitAmount: 2900,
    currency: 'usd',
    interval: 'month',
    intervalCount: 1,
    quantity: 1,
    currentPeriodStart: new Date('2026-11-22T00:00:00Z'),
    currentPeriodEnd: periodEnd,
    cancelAtPeriodEnd: false,
    cancelAt: null,
    canceledAt: null,
    endedAt: null,
    trialStart: null,
    trialEnd: null,
    pausedAt: null,
    resumesAt: null,
    scheduleId: null,
    pendingPriceId: null,
    pendingPriceLookupKey: null,
    pendingProductName: null,
    pendingChangeAt: null,
    discount: null,
    cancellationDetails: null,
    created: new Date('2026-11-22T00:00:00Z'),
    syncedAt: new Date(),
    ...overrides,
  };
}

describe('subscription state', () => {
  it('an active subscription can be canceled and changed', () => {
    expect(isCancelable(subscription())).toBe(true);
    expect(isChangeable(subscription())).toBe(true);
    expect(ending(subscription())).toBeNull();
  });

  it('cancel_at_period_end and cancel_at both mean "cancelling"', () => {
    const atPeriodEnd = subscription({ cancelAtPeriodEnd: true });
    const at = subscription({ cancelAt: new Date('2027-01-05T00:00:00Z') });
    for (const candidate of [atPeriodEnd, at]) {
      expect(isCancelling(candidate)).toBe(true);
      expect(isCancelable(candidate)).toBe(false);
      expect(isChangeable(candidate)).toBe(false);
    }
    expect(endDate(atPeriodEnd)).toEqual(periodEnd);
    expect(ending(atPeriodEnd)).toEqual({ kind: 'ends', date: periodEnd });
    expect(ending(at)).toEqual({ kind: 'ends', date: new Date('2027-01-05T00:00:00Z') });
  });

  it('a canceled subscription can do nothing and says when it ended', () => {
    const canceled = subscription({ status: 'canceled', endedAt: new Date('2026-11-30T00:00:00Z') });
    expect(isCancelable(canceled)).toBe(false);
    expect(isChangeable(canceled)).toBe(false);
    expect(isCancelling(canceled)).toBe(false);
    expect(ending(canceled)).toEqual({ kind: 'ended', date: new Date('2026-11-30T00:00:00Z') });
    expect(ending(subscription({ status: 'incomplete_expired' }))).toEqual({ kind: 'has-ended' });
  });

  it('past_due subscriptions can still be canceled; paused ones cannot change plan', () => {
    expect(isCancelable(subscription({ status: 'past_due' }))).toBe(true);
    expect(isChangeable(subscription({ status: 'paused' }))).toBe(false);
    expect(isCancelable(subscription({ status: 'incomplete_expired' }))).toBe(false);
  });

  it('pauses only while it goes on and is not set to end; resumes only when paused', () => {
    expect(isPausable(subscription())).toBe(true);
    expect(isPausable(subscription({ status: 'trialing' }))).toBe(true);
    expect(isPausable(subscription({ status: 'past_due' }))).toBe(true);
    expect(isPausable(subscription({ cancelAtPeriodEnd: true }))).toBe(false);
    expect(isPausable(subscription({ status: 'unpaid' }))).toBe(false);
    expect(isPausable(subscription({ status: 'canceled' }))).toBe(false);
    const paused = subscription({ status: 'paused', pausedAt: new Date('2026-11-25T00:00:00Z') });
    expect(isPausable(paused)).toBe(false);
    expect(isChangeable(paused)).toBe(false);
    expect(isResumable(paused)).toBe(true);
    expect(isResumable(subscription())).toBe(false);
  });
});
