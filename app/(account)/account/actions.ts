'use server';

import { z } from 'zod';
import { customerAction, subscriptionIdSchema, type ActionContext } from '@/lib/actions';
import { describeEnding, isCancelable, isChangeable } from '@/lib/billing/subscription-state';
import { createPortalSession, retentionCouponId } from '@/lib/billing/portal';
import { db } from '@/lib/db';
import { findCustomerSubscription } from '@/lib/db/queries';
import { env } from '@/lib/env';
import { stripe } from '@/lib/stripe';

const NO_CUSTOMER = 'You have no billing account yet. Choose a plan first.';
const NOT_FOUND = 'We could not find that subscription.';

async function ownSubscription(context: ActionContext, subscriptionId: string) {
  if (!context.customerId) return null;
  return findCustomerSubscription(db, context.customerId, subscriptionId);
}

export const updateCardAction = customerAction(z.object({}), async (context) => {
  if (!context.customerId) return { error: NO_CUSTOMER };
  const url = await createPortalSession(db, stripe, {
    customerId: context.customerId,
    appUrl: env.appUrl,
    locale: context.locale,
    flow: { type: 'payment_method_update' },
  });
  return { redirectTo: url };
});

export const manageBillingAction = customerAction(z.object({}), async (context) => {
  if (!context.customerId) return { error: NO_CUSTOMER };
  const url = await createPortalSession(db, stripe, { customerId: context.customerId, appUrl: env.appUrl, locale: context.locale });
  return { redirectTo: url };
});

const subscriptionForm = z.object({ subscriptionId: subscriptionIdSchema });

export const cancelSubscriptionAction = customerAction(subscriptionForm, async (context, { subscriptionId }) => {
  const subscription = await ownSubscription(context, subscriptionId);
  if (!subscription) return { error: NOT_FOUND };
  if (!isCancelable(subscription)) {
    return { error: `This subscription ${describeEnding(subscription) ?? 'cannot be canceled'}.` };
  }
  const url = await createPortalSession(db, stripe, {
    customerId: subscription.stripeCustomerId,
    appUrl: env.appUrl,
    locale: context.locale,
    flow: { type: 'subscription_cancel', subscriptionId: subscription.id, retentionCouponId: retentionCouponId() },
  });
  return { redirectTo: url };
});

export const changePlanAction = customerAction(subscriptionForm, async (context, { subscriptionId }) => {
  const subscription = await ownSubscription(context, subscriptionId);
  if (!subscription) return { error: NOT_FOUND };
  if (!isChangeable(subscription)) {
    return { error: `This subscription ${describeEnding(subscription) ?? 'cannot change plan'}.` };
  }
  const url = await createPortalSession(db, stripe, {
    customerId: subscription.stripeCustomerId,
    appUrl: env.appUrl,
    locale: context.locale,
    flow: { type: 'subscription_update', subscriptionId: subscription.id },
  });
  return { redirectTo: url };
});
