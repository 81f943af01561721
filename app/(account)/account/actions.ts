'use server';

import { z } from 'zod';
import {
  customerAction,
  findSubscriptionForFlow,
  subscriptionIdSchema,
  type ActionContext,
  type ActionOutcome,
} from '@/lib/actions';
import type { PortalFlow } from '@/lib/billing/flows';
import { createPortalSession, retentionCouponId } from '@/lib/billing/portal';
import { isCancelable, isChangeable } from '@/lib/billing/subscription-state';
import { db } from '@/lib/db';
import type { Subscription } from '@/lib/db/schema';
import { env } from '@/lib/env';
import { stripe } from '@/lib/stripe';

async function openPortal(context: ActionContext, customerId: string, flow?: PortalFlow): Promise<ActionOutcome> {
  const url = await createPortalSession(db, stripe, { customerId, appUrl: env.appUrl, locale: context.locale, flow });
  return { redirectTo: url };
}

/** A flow on one of the signed-in customer's subscriptions, in a state the flow makes sense for. */
function subscriptionFlowAction(
  allowed: (subscription: Subscription) => boolean,
  refusal: 'cannotCancel' | 'cannotChangePlan',
  flow: (subscription: Subscription) => PortalFlow,
) {
  return customerAction(z.object({ subscriptionId: subscriptionIdSchema }), async (context, { subscriptionId }) => {
    const found = await findSubscriptionForFlow(context, subscriptionId, allowed, refusal);
    if ('error' in found) return found;
    return openPortal(context, found.subscription.stripeCustomerId, flow(found.subscription));
  });
}

export const updateCardAction = customerAction(z.object({}), async (context) =>
  context.customerId ? openPortal(context, context.customerId, { type: 'payment_method_update' }) : { error: context.t('noCustomer') },
);

export const manageBillingAction = customerAction(z.object({}), async (context) =>
  context.customerId ? openPortal(context, context.customerId) : { error: context.t('noCustomer') },
);

export const cancelSubscriptionAction = subscriptionFlowAction(isCancelable, 'cannotCancel', (subscription) => ({
  type: 'subscription_cancel',
  subscriptionId: subscription.id,
  retentionCouponId: retentionCouponId(),
}));

export const changePlanAction = subscriptionFlowAction(isChangeable, 'cannotChangePlan', (subscription) => ({
  type: 'subscription_update',
  subscriptionId: subscription.id,
}));
