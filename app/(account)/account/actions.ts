'use server';

import { z } from 'zod';
import { customerAction, subscriptionIdSchema, type ActionContext, type ActionOutcome } from '@/lib/actions';
import type { PortalFlow } from '@/lib/billing/flows';
import { createPortalSession, retentionCouponId } from '@/lib/billing/portal';
import { describeEnding, isCancelable, isChangeable } from '@/lib/billing/subscription-state';
import { db } from '@/lib/db';
import { findCustomerSubscription } from '@/lib/db/queries';
import type { Subscription } from '@/lib/db/schema';
import { env } from '@/lib/env';
import { stripe } from '@/lib/stripe';

const NO_CUSTOMER = 'You have no billing account yet. Choose a plan first.';
const NOT_FOUND = 'We could not find that subscription.';

async function openPortal(context: ActionContext, customerId: string, flow?: PortalFlow): Promise<ActionOutcome> {
  const url = await createPortalSession(db, stripe, { customerId, appUrl: env.appUrl, locale: context.locale, flow });
  return { redirectTo: url };
}

/**
 * A flow on one subscription: it must be the signed-in customer's (an unknown id
 * and another customer's look the same) and in a state the flow makes sense for.
 */
function subscriptionFlowAction(
  allowed: (subscription: Subscription) => boolean,
  refusal: string,
  flow: (subscription: Subscription) => PortalFlow,
) {
  return customerAction(z.object({ subscriptionId: subscriptionIdSchema }), async (context, { subscriptionId }) => {
    const subscription = context.customerId ? await findCustomerSubscription(db, context.customerId, subscriptionId) : null;
    if (!subscription) return { error: NOT_FOUND };
    if (!allowed(subscription)) return { error: `This subscription ${describeEnding(subscription) ?? refusal}.` };
    return openPortal(context, subscription.stripeCustomerId, flow(subscription));
  });
}

export const updateCardAction = customerAction(z.object({}), async (context) =>
  context.customerId ? openPortal(context, context.customerId, { type: 'payment_method_update' }) : { error: NO_CUSTOMER },
);

export const manageBillingAction = customerAction(z.object({}), async (context) =>
  context.customerId ? openPortal(context, context.customerId) : { error: NO_CUSTOMER },
);

export const cancelSubscriptionAction = subscriptionFlowAction(isCancelable, 'cannot be canceled', (subscription) => ({
  type: 'subscription_cancel',
  subscriptionId: subscription.id,
  retentionCouponId: retentionCouponId(),
}));

export const changePlanAction = subscriptionFlowAction(isChangeable, 'cannot change plan', (subscription) => ({
  type: 'subscription_update',
  subscriptionId: subscription.id,
}));
