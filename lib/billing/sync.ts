import { and, eq, notInArray, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { Database } from '@/lib/db/client';
import {
  customers,
  paymentMethods,
  subscriptions,
  type BillingAddress,
  type CancellationDetails,
  type CustomerTaxId,
  type SubscriptionDiscount,
  type SubscriptionStatus,
} from '@/lib/db/schema';
import { pendingChangeOf, pendingPrices, type PendingPrice } from './pending-change';

/**
 * The one way billing state enters our database: re-read a customer from Stripe and
 * replace what we hold for them. The job queue's workers call it after webhooks; the
 * return and landing routes call it for the signed-in customer. It never trusts an
 * event's payload or its order, only what Stripe says now, so running it twice, late
 * or concurrently is harmless.
 */
export interface SyncResult {
  stripeCustomerId: string;
  /** False when the Stripe customer is not one of ours (no row in customers). */
  known: boolean;
  /**
   * False when a sync that began reading Stripe after this one had already stored what it
   * read: this one's older reading was dropped.
   */
  applied: boolean;
  subscriptions: number;
  paymentMethods: number;
}

const toDate = (seconds: number | null | undefined) => (seconds ? new Date(seconds * 1000) : null);

function idOf(value: string | { id: string } | null | undefined) {
  if (!value) return null;
  return typeof value === 'string' ? value : value.id;
}

function discountOf(subscription: Stripe.Subscription): SubscriptionDiscount | null {
  const discount = subscription.discounts.find((entry): entry is Stripe.Discount => typeof entry === 'object');
  const coupon = discount?.source.coupon;
  if (!discount || !coupon) return null;
  if (typeof coupon === 'string') {
    // Not expanded: only the id is known.
    return {
      couponId: coupon,
      name: null,
      percentOff: null,
      amountOff: null,
      currency: null,
      duration: null,
      end: toDate(discount.end)?.toISOString() ?? null,
    };
  }
  return {
    couponId: coupon.id,
    name: coupon.name,
    percentOff: coupon.percent_off,
    amountOff: coupon.amount_off,
    currency: coupon.currency,
    duration: coupon.duration,
    end: toDate(discount.end)?.toISOString() ?? null,
  };
}

function cancellationOf(subscription: Stripe.Subscription): CancellationDetails | null {
  const details = subscription.cancellation_details;
  if (!details || (!details.reason && !details.feedback && !details.comment)) return null;
  return { reason: details.reason, feedback: details.feedback, comment: details.comment };
}

/**
 * When a paused subscription resumes on its own: a timed pause (the portal's preset
 * durations) is a subscription schedule whose pause entry says when; none for a pause
 * until resumed. Needs `schedule` expanded.
 */
function resumesAt(subscription: Stripe.Subscription): Date | null {
  if (subscription.status !== 'paused' || !subscription.schedule || typeof subscription.schedule === 'string') return null;
  const resume = subscription.schedule.pause_schedules?.find((entry) => entry.resume)?.resume;
  return toDate(resume?.resume_at);
}

function subscriptionRow(
  subscription: Stripe.Subscription,
  stripeCustomerId: string,
  /** The prices of pending changes, by id (pending-change.ts); without it a change's plan is unknown. */
  prices: ReadonlyMap<string, PendingPrice> = new Map(),
) {
  const item = subscription.items.data[0];
  if (!item) throw new Error(`Subscription ${subscription.id} has no items`);
  const price = item.price;
  const product = typeof price.product === 'object' && !('deleted' in price.product && price.product.deleted) ? price.product : null;
  const pending = pendingChangeOf(subscription);
  const pendingPrice = pending ? prices.get(pending.priceId) : undefined;
  return {
    id: subscription.id,
    stripeCustomerId,
    status: subscription.status as SubscriptionStatus,
    itemId: item.id,
    priceId: price.id,
    priceLookupKey: price.lookup_key,
    productId: idOf(price.product) ?? '',
    productName: product && 'name' in product ? product.name : (price.nickname ?? 'Subscription'),
    unitAmount: price.unit_amount,
    currency: price.currency,
    interval: (price.recurring?.interval ?? null) as 'day' | 'week' | 'month' | 'year' | null,
    intervalCount: price.recurring?.interval_count ?? 1,
    quantity: item.quantity ?? 1,
    currentPeriodStart: toDate(item.current_period_start),
    currentPeriodEnd: toDate(item.current_period_end),
    cancelAtPeriodEnd: subscription.cancel_at_period_end,
    cancelAt: toDate(subscription.cancel_at),
    canceledAt: toDate(subscription.canceled_at),
    endedAt: toDate(subscription.ended_at),
    trialStart: toDate(subscription.trial_start),
    trialEnd: toDate(subscription.trial_end),
    pausedAt: subscription.status === 'paused' ? toDate(subscription.status_details?.paused?.transitioned_at) : null,
    resumesAt: resumesAt(subscription),
    scheduleId: idOf(subscription.schedule),
    pendingPriceId: pending?.priceId ?? null,
    pendingPriceLookupKey: pendingPrice?.lookupKey ?? null,
    pendingProductName: pending ? (pendingPrice?.productName ?? null) : null,
    pendingChangeAt: pending?.startsAt ?? null,
    discount: discountOf(subscription),
    cancellationDetails: cancellationOf(subscription),
    created: new Date(subscription.created * 1000),
    syncedAt: new Date(),
  } satisfies typeof subscriptions.$inferInsert;
}

/** The customer's billing details as our `customers` row keeps them; blank for a deleted customer. */
function billingDetailsOf(customer: Stripe.Customer | Stripe.DeletedCustomer) {
  if ('deleted' in customer && customer.deleted) {
    return { billingName: null, billingEmail: null, billingPhone: null, billingAddress: null, taxIds: [] };
  }
  const address: BillingAddress | null = customer.address
    ? {
        line1: customer.address.line1,
        line2: customer.address.line2,
        city: customer.address.city,
        postalCode: customer.address.postal_code,
        state: customer.address.state,
        country: customer.address.country,
      }
    : null;
  const taxIds: CustomerTaxId[] = (customer.tax_ids?.data ?? []).map((taxId) => ({ id: taxId.id, type: taxId.type, value: taxId.value }));
  return {
    billingName: customer.name ?? null,
    billingEmail: customer.email ?? null,
    billingPhone: customer.phone ?? null,
    billingAddress: address,
    taxIds,
  };
}

async function readFromStripe(stripe: Stripe, stripeCustomerId: string) {
  const [customer, subscriptionList, cards] = await Promise.all([
    stripe.customers.retrieve(stripeCustomerId, { expand: ['tax_ids'] }),
    stripe.subscriptions.list({
      customer: stripeCustomerId,
      status: 'all',
      limit: 100,
      expand: ['data.items.data.price.product', 'data.discounts.source.coupon', 'data.schedule'],
    }),
    stripe.paymentMethods.list({ customer: stripeCustomerId, type: 'card', limit: 100 }),
  ]);
  return { customer, subscriptions: subscriptionList.data, cards: cards.data, prices: await pendingPrices(stripe, subscriptionList.data) };
}

/**
 * Stripe is read outside any transaction, so that no lock is held across the network; the
 * write that follows is a short transaction. Ordering: each sync notes, by the database's
 * clock, when it began reading, and stores its reading only if no sync that began later
 * already stored one. `customers.synced_at` is that moment: we hold Stripe's state as of then.
 */
export async function syncCustomer(db: Database, stripe: Stripe, stripeCustomerId: string): Promise<SyncResult> {
  const nothing = { stripeCustomerId, applied: false, subscriptions: 0, paymentMethods: 0 };
  const [owner] = await db
    .select({ readStartedAt: sql`now()`.mapWith(customers.syncedAt) })
    .from(customers)
    .where(eq(customers.stripeCustomerId, stripeCustomerId));
  if (!owner) return { ...nothing, known: false };
  const { readStartedAt } = owner;

  const state = await readFromStripe(stripe, stripeCustomerId);

  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({ syncedAt: customers.syncedAt })
      .from(customers)
      .where(eq(customers.stripeCustomerId, stripeCustomerId))
      .for('update');
    if (!current) return { ...nothing, known: false };
    if (current.syncedAt && current.syncedAt > readStartedAt) return { ...nothing, known: true };

    // The card invoices are charged to: the customer's default, else the one a live
    // subscription carries (Checkout sets it on the subscription, not the customer).
    const customerDefault =
      'deleted' in state.customer && state.customer.deleted ? null : idOf(state.customer.invoice_settings.default_payment_method);
    const subscriptionDefault = state.subscriptions
      .filter((subscription) => !['canceled', 'incomplete_expired'].includes(subscription.status))
      .map((subscription) => idOf(subscription.default_payment_method))
      .find((id) => id !== null);
    const defaultPaymentMethod = customerDefault ?? subscriptionDefault ?? null;

    const subscriptionRows = state.subscriptions.map((subscription) => subscriptionRow(subscription, stripeCustomerId, state.prices));
    for (const row of subscriptionRows) {
      const { id: _id, ...update } = row;
      await tx.insert(subscriptions).values(row).onConflictDoUpdate({ target: subscriptions.id, set: update });
    }
    const keepSubscriptions = subscriptionRows.map((row) => row.id);
    await tx
      .delete(subscriptions)
      .where(
        and(
          eq(subscriptions.stripeCustomerId, stripeCustomerId),
          keepSubscriptions.length ? notInArray(subscriptions.id, keepSubscriptions) : sql`true`,
        ),
      );

    const cardRows = state.cards
      .filter((method) => method.card)
      .map((method) => ({
        id: method.id,
        stripeCustomerId,
        brand: method.card?.brand ?? 'card',
        last4: method.card?.last4 ?? '????',
        expMonth: method.card?.exp_month ?? 0,
        expYear: method.card?.exp_year ?? 0,
        isDefault: method.id === defaultPaymentMethod,
        syncedAt: new Date(),
      }));
    for (const row of cardRows) {
      const { id: _id, ...update } = row;
      await tx.insert(paymentMethods).values(row).onConflictDoUpdate({ target: paymentMethods.id, set: update });
    }
    const keepCards = cardRows.map((row) => row.id);
    await tx
      .delete(paymentMethods)
      .where(
        and(eq(paymentMethods.stripeCustomerId, stripeCustomerId), keepCards.length ? notInArray(paymentMethods.id, keepCards) : sql`true`),
      );

    await tx
      .update(customers)
      .set({ syncedAt: readStartedAt, ...billingDetailsOf(state.customer), hasDefaultPaymentMethod: defaultPaymentMethod !== null })
      .where(eq(customers.stripeCustomerId, stripeCustomerId));
    return { stripeCustomerId, known: true, applied: true, subscriptions: subscriptionRows.length, paymentMethods: cardRows.length };
  });
}
