'use server';

import { z } from 'zod';
import {
  customerAction,
  errorKey,
  findSubscriptionForFlow,
  subscriptionIdSchema,
  type ActionContext,
  type ActionOutcome,
  type SubscriptionRefusal,
} from '@/lib/billing/customer-action';
import type { PortalFlow } from '@/lib/billing/flows';
import { createPortalSession, flowOffered, retentionCouponId } from '@/lib/billing/portal';
import { keepCurrentPlan, keepSubscription } from '@/lib/billing/keep-plan';
import { resumeSubscription } from '@/lib/billing/resume';
import { seatBoundsOfPrice, seatCountProblem } from '@/lib/billing/seats';
import { hasPendingChange, isCancelable, isChangeable, isPausable, isRenewable, isResumable } from '@/lib/billing/subscription-state';
import { db } from '@/lib/db';
import type { Subscription } from '@/lib/db/schema';
import { env } from '@/lib/env';
import { stripe } from '@/lib/stripe';

async function openPortal(context: ActionContext, customerId: string, flow?: PortalFlow): Promise<ActionOutcome> {
  const url = await createPortalSession(db, stripe, { customerId, appUrl: env.appUrl, locale: context.locale, flow });
  return { redirectTo: url };
}

/**
 * An action on one of the signed-in customer's subscriptions, in a state it makes sense for: the
 * subscription is found again from the posted id (another customer's looks unknown), then `act` runs.
 */
function subscriptionAction(
  allowed: (subscription: Subscription) => boolean,
  refusal: SubscriptionRefusal,
  act: (context: ActionContext, subscription: Subscription) => Promise<ActionOutcome>,
) {
  return customerAction(z.object({ subscriptionId: subscriptionIdSchema }), async (context, { subscriptionId }) => {
    const found = await findSubscriptionForFlow(context, subscriptionId, allowed, refusal);
    if ('error' in found) return found;
    return act(context, found.subscription);
  });
}

/** A portal flow on one of the signed-in customer's subscriptions. */
function subscriptionFlowAction(
  allowed: (subscription: Subscription) => boolean,
  refusal: SubscriptionRefusal,
  flow: (subscription: Subscription) => PortalFlow,
) {
  return subscriptionAction(allowed, refusal, (context, subscription) =>
    openPortal(context, subscription.stripeCustomerId, flow(subscription)),
  );
}

/** One of our landing pages (it syncs, then says what happened), for a subscription. */
function landingOf(path: string, subscriptionId: string, extra: Record<string, string> = {}): ActionOutcome {
  const landing = new URL(path, env.appUrl);
  landing.searchParams.set('subscription', subscriptionId);
  for (const [name, value] of Object.entries(extra)) landing.searchParams.set(name, value);
  return { redirectTo: landing.toString() };
}

export const updateCardAction = customerAction(z.object({}), async (context) =>
  context.customerId ? openPortal(context, context.customerId, { type: 'payment_method_update' }) : { error: context.t('noCustomer') },
);

export const manageBillingAction = customerAction(z.object({}), async (context) =>
  context.customerId ? openPortal(context, context.customerId) : { error: context.t('noCustomer') },
);

export const editBillingDetailsAction = customerAction(z.object({}), async (context) => {
  if (!flowOffered('customer_update')) return { error: context.t('notOffered') };
  return context.customerId ? openPortal(context, context.customerId, { type: 'customer_update' }) : { error: context.t('noCustomer') };
});

export const cancelSubscriptionAction = subscriptionFlowAction(isCancelable, 'cannotCancel', (subscription) => ({
  type: 'subscription_cancel',
  subscriptionId: subscription.id,
  retentionCouponId: retentionCouponId(),
}));

export const changePlanAction = subscriptionFlowAction(isChangeable, 'cannotChangePlan', (subscription) => ({
  type: 'subscription_update',
  subscriptionId: subscription.id,
}));

export const pauseSubscriptionAction = subscriptionFlowAction(
  (subscription) => flowOffered('subscription_pause') && isPausable(subscription),
  'cannotPause',
  (subscription) => ({ type: 'subscription_pause', subscriptionId: subscription.id }),
);

/** Not a portal flow: Stripe's resume endpoint, then our landing page. */
export const resumeSubscriptionAction = subscriptionAction(isResumable, 'cannotResume', async (_, subscription) => {
  await resumeSubscription(stripe, subscription);
  return landingOf('/account/subscription-resumed', subscription.id);
});

/** "Keep current plan": drops a change waiting for the period's end by releasing its schedule (one Stripe call). */
export const keepCurrentPlanAction = subscriptionAction(hasPendingChange, 'noPendingChange', async (_, subscription) => {
  await keepCurrentPlan(stripe, subscription);
  return landingOf('/account/plan-kept', subscription.id, { kept: 'change' });
});

/** "Keep my plan": undoes a cancellation set for later, `cancel_at` or `cancel_at_period_end` (one Stripe call). */
export const keepSubscriptionAction = subscriptionAction(isRenewable, 'notCancelling', async (_, subscription) => {
  await keepSubscription(stripe, subscription);
  return landingOf('/account/plan-kept', subscription.id, { kept: 'cancellation' });
});

const seatsSchema = z.object({
  subscriptionId: subscriptionIdSchema,
  quantity: z.coerce
    .number({ error: errorKey('seatsInvalid') })
    .int(errorKey('seatsInvalid'))
    .min(0, errorKey('seatsInvalid'))
    .max(10_000, errorKey('seatsInvalid')),
  /** The stepper's "−" / "+" without JavaScript: a submit button that moves the typed count by one. */
  adjust: z.enum(['-1', '1']).optional(),
});

/**
 * The seat stepper: `subscription_update_confirm` with the subscription's own price and the new
 * quantity, so Stripe's confirmation page shows the proration before anything changes.
 */
export const changeSeatsAction = customerAction(seatsSchema, async (context, { subscriptionId, quantity, adjust }) => {
  const { t } = context;
  const found = await findSubscriptionForFlow(context, subscriptionId, isChangeable, 'cannotChangePlan');
  if ('error' in found) return found;
  const { subscription } = found;
  const bounds = seatBoundsOfPrice(subscription.priceLookupKey);
  if (!bounds) return { error: t('notPerSeat') };
  const seats = quantity + Number(adjust ?? 0);
  const problem = seatCountProblem(seats, subscription.quantity, bounds);
  if (problem === 'seatsBelowMinimum') return { error: t('seatsBelowMinimum', { minimum: bounds.minimum }) };
  if (problem === 'seatsAboveMaximum') return { error: t('seatsAboveMaximum', { maximum: bounds.maximum ?? seats }) };
  if (problem === 'seatsUnchanged') return { error: t('seatsUnchanged', { seats }) };
  return openPortal(context, subscription.stripeCustomerId, {
    type: 'subscription_update_confirm',
    subscriptionId: subscription.id,
    itemId: subscription.itemId,
    priceId: subscription.priceId,
    quantity: seats,
  });
});
