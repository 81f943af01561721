import type Stripe from 'stripe';

/**
 * A plan change waiting for the period's end, as Stripe stores it: a subscription schedule
 * (`subscription.schedule`, expanded) with a phase after the current one on another price. The
 * portal creates one for a change that meets `schedule_at_period_end.conditions`; a forker's code
 * may make one through the API, with any number of phases, some of them on the same price (a
 * coupon, a quantity), which change no plan. Releasing the schedule ("Keep current plan") drops
 * the change.
 */
export interface PendingChange {
  scheduleId: string;
  priceId: string;
  startsAt: Date;
}

export function pendingChangeOf(subscription: Stripe.Subscription): PendingChange | null {
  const schedule = subscription.schedule;
  if (!schedule || typeof schedule === 'string' || !['active', 'not_started'].includes(schedule.status)) return null;
  const currentStart = schedule.current_phase?.start_date ?? 0;
  const currentPrice = subscription.items.data[0]?.price.id;
  for (const phase of schedule.phases) {
    const price = phase.items[0]?.price;
    const priceId = typeof price === 'string' ? price : price?.id;
    if (phase.start_date > currentStart && priceId && priceId !== currentPrice) {
      return { scheduleId: schedule.id, priceId, startsAt: new Date(phase.start_date * 1000) };
    }
  }
  return null;
}

export interface PendingPrice {
  lookupKey: string | null;
  productName: string;
}

/**
 * The prices of the pending changes, with their products: a schedule's phase names its price by
 * id only (Stripe expands at most four levels, and `data.schedule.phases.items.price` is five),
 * so each is read once more — only for subscriptions that have a change waiting.
 */
export async function pendingPrices(stripe: Stripe, subscriptions: readonly Stripe.Subscription[]): Promise<Map<string, PendingPrice>> {
  const ids = new Set(subscriptions.map(pendingChangeOf).flatMap((change) => (change ? [change.priceId] : [])));
  const prices = await Promise.all([...ids].map((id) => stripe.prices.retrieve(id, { expand: ['product'] })));
  return new Map(
    prices.map((price) => {
      const product = typeof price.product === 'object' && !('deleted' in price.product && price.product.deleted) ? price.product : null;
      return [
        price.id,
        { lookupKey: price.lookup_key, productName: product && 'name' in product ? product.name : (price.nickname ?? price.id) },
      ];
    }),
  );
}
