'use server';

import { z } from 'zod';
import { customerAction, findSubscriptionForFlow, subscriptionIdSchema } from '@/lib/actions';
import { findPlanPrice, findPromotionCode } from '@/lib/billing/catalog';
import { ensureStripeCustomer } from '@/lib/billing/customers';
import { createPortalSession } from '@/lib/billing/portal';
import { isChangeable, isLive } from '@/lib/billing/subscription-state';
import { db } from '@/lib/db';
import { findSubscriptionsByCustomer } from '@/lib/db/queries';
import { env } from '@/lib/env';
import { stripe } from '@/lib/stripe';

const lookupKeySchema = z.string({ error: 'Choose a plan.' }).regex(/^[a-z][a-z0-9_]{1,38}$/, 'Choose a plan.');
const PLAN_GONE = 'That plan is not available any more. Reload the page and choose another.';

export const subscribeAction = customerAction(
  z.object({ lookupKey: lookupKeySchema }),
  async ({ user, customerId }, { lookupKey }) => {
    const plan = await findPlanPrice(db, lookupKey);
    if (!plan) return { error: PLAN_GONE };
    if (customerId && (await findSubscriptionsByCustomer(db, customerId)).some(isLive)) {
      return { error: 'You already have a subscription. Use “Switch to …” to change plan.' };
    }
    const customer = customerId ?? (await ensureStripeCustomer(db, stripe, user));
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer,
      client_reference_id: user.id,
      line_items: [{ price: plan.priceId, quantity: 1 }],
      allow_promotion_codes: true,
      success_url: `${env.appUrl}/account/subscribed?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${env.appUrl}/pricing?interval=${plan.price.interval}`,
    });
    if (!session.url) throw new Error(`Checkout session ${session.id} has no URL`);
    return { redirectTo: session.url };
  },
  { returnPath: '/pricing' },
);

export const switchPlanAction = customerAction(
  z.object({
    subscriptionId: subscriptionIdSchema,
    lookupKey: lookupKeySchema,
    promotionCode: z.string().trim().max(40, 'That promotion code is not valid.').optional().default(''),
  }),
  async (context, { subscriptionId, lookupKey, promotionCode }) => {
    const found = await findSubscriptionForFlow(context, subscriptionId, isChangeable, 'cannot change plan');
    if ('error' in found) return found;
    const { subscription } = found;
    const plan = await findPlanPrice(db, lookupKey);
    if (!plan) return { error: PLAN_GONE };
    if (plan.priceId === subscription.priceId) return { error: `You are already on ${plan.product.name} at this price.` };
    const promotion = promotionCode ? await findPromotionCode(db, promotionCode) : null;
    if (promotionCode && !promotion) return { error: `The promotion code “${promotionCode}” is not valid.` };

    const url = await createPortalSession(db, stripe, {
      customerId: subscription.stripeCustomerId,
      appUrl: env.appUrl,
      locale: context.locale,
      flow: {
        type: 'subscription_update_confirm',
        subscriptionId: subscription.id,
        itemId: subscription.itemId,
        priceId: plan.priceId,
        quantity: subscription.quantity,
        promotionCodeId: promotion?.promotionCodeId,
      },
    });
    return { redirectTo: url };
  },
  { returnPath: '/pricing' },
);
