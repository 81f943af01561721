import { describe, expect, it } from 'vitest';
import {
  endDate,
  ending,
  hasPendingChange,
  isCancelable,
  isCancelling,
  isChangeable,
  isPausable,
  isRenewable,
  isResumable,
  needsCardForTrial,
} from '@/lib/billing/subscription-state';
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

  it('a change waiting for the period end: shown while live, and no pause over a schedule', () => {
    const pending = subscription({ scheduleId: 'sub_sched_1', pendingPriceId: 'price_2', pendingChangeAt: periodEnd });
    expect(hasPendingChange(pending)).toBe(true);
    expect(isPausable(pending)).toBe(false);
    expect(hasPendingChange(subscription())).toBe(false);
    expect(hasPendingChange({ ...pending, status: 'canceled' })).toBe(false);
  });

  it('"Keep my plan" for cancel_at with or without cancel_at_period_end, not for one that goes on or has ended', () => {
    expect(isRenewable(subscription({ cancelAt: new Date('2027-01-05T00:00:00Z') }))).toBe(true);
    expect(isRenewable(subscription({ cancelAtPeriodEnd: true, cancelAt: periodEnd }))).toBe(true);
    expect(isRenewable(subscription())).toBe(false);
    expect(isRenewable(subscription({ status: 'canceled', cancelAt: periodEnd }))).toBe(false);
  });

  it('a trial asks for a card only while none is on file', () => {
    expect(needsCardForTrial(subscription({ status: 'trialing' }), false)).toBe(true);
    expect(needsCardForTrial(subscription({ status: 'trialing' }), true)).toBe(false);
    expect(needsCardForTrial(subscription({ status: 'active' }), false)).toBe(false);
  });
});
