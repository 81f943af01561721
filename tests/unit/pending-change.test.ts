import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { pendingChangeOf } from '@/lib/billing/pending-change';

// The change a schedule holds, whether the portal made it (two phases) or a forker's code did
// through the API (any phases, some on the current price).

const START = 1_790_000_000;
const MONTH = 30 * 86_400;

function phase(price: string, start: number, end: number): Stripe.SubscriptionSchedule.Phase {
  return { start_date: start, end_date: end, items: [{ price, quantity: 1 }] } as unknown as Stripe.SubscriptionSchedule.Phase;
}

function subscriptionWith(phases: Stripe.SubscriptionSchedule.Phase[], status: Stripe.SubscriptionSchedule.Status = 'active') {
  const schedule = { id: 'sub_sched_1', status, current_phase: { start_date: START, end_date: START + MONTH }, phases };
  return { items: { data: [{ price: { id: 'price_pro' } }] }, schedule } as unknown as Stripe.Subscription;
}

describe('pendingChangeOf', () => {
  it('reads the portal’s two-phase schedule: the new price from the period’s end', () => {
    const subscription = subscriptionWith([
      phase('price_pro', START, START + MONTH),
      phase('price_basic', START + MONTH, START + 2 * MONTH),
    ]);
    expect(pendingChangeOf(subscription)).toEqual({
      scheduleId: 'sub_sched_1',
      priceId: 'price_basic',
      startsAt: new Date((START + MONTH) * 1000),
    });
  });

  it('skips later phases on the current price: the change is the first phase on another one', () => {
    const subscription = subscriptionWith([
      phase('price_pro', START, START + MONTH),
      phase('price_pro', START + MONTH, START + 2 * MONTH),
      phase('price_basic', START + 2 * MONTH, START + 3 * MONTH),
    ]);
    expect(pendingChangeOf(subscription)).toMatchObject({ priceId: 'price_basic', startsAt: new Date((START + 2 * MONTH) * 1000) });
  });

  it('finds none in a schedule that only holds the current plan, or one no longer running', () => {
    expect(pendingChangeOf(subscriptionWith([phase('price_pro', START, START + MONTH)]))).toBeNull();
    expect(
      pendingChangeOf(subscriptionWith([phase('price_pro', START, START + MONTH), phase('price_pro', START + MONTH, START + 2 * MONTH)])),
    ).toBeNull();
    const released = subscriptionWith(
      [phase('price_pro', START, START + MONTH), phase('price_basic', START + MONTH, START + 2 * MONTH)],
      'released',
    );
    expect(pendingChangeOf(released)).toBeNull();
  });
});
