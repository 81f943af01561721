'use server';

import { z } from 'zod';
import { customerAction, errorKey, findSubscriptionForFlow, subscriptionIdSchema } from '@/lib/billing/customer-action';
import { findPlanPrice, findPromotionCode } from '@/lib/billing/catalog';
import { ensureStripeCustomer } from '@/lib/billing/customers';
import { seatBoundsOfProduct } from '@/lib/billing/seats';
import { checkoutTrialParams } from '@/lib/billing/trials';
import { createPortalSession } from '@/lib/billing/portal';
import { isChangeable, isLive } from '@/lib/billing/subscription-state';
import { db } from '@/lib/db';
import { findSubscriptionsByCustomer } from '@/lib/db/queries';
import { env } from '@/lib/env';
import { stripe } from '@/lib/stripe';

const lookupKeySchema = z.string({ error: errorKey('choosePlan') }).regex(/^[a-z][a-z0-9_]{1,38}$/, errorKey('choosePlan'));

export const subscribeAction = customerAction(
  z.object({ lookupKey: lookupKeySchema }),
  async ({ user, customerId, locale, t }, { lookupKey }) => {
    const plan = await findPlanPrice(db, lookupKey);
    if (!plan) return { error: t('planGone') };
    if (customerId && (await findSubscriptionsByCustomer(db, customerId)).some(isLive)) {
      return { error: t('alreadySubscribed') };
    }
    // A new customer is created in the customer's language (preferred_locales), in the same call.
    const customer = customerId ?? (await ensureStripeCustomer(db, stripe, user, { locale }));
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      locale,
      customer,
      client_reference_id: user.id,
      line_items: [{ price: plan.priceId, quantity: 1 }],
      allow_promotion_codes: true,
      ...checkoutTrialParams(plan.product),
      success_url: `${env.appUrl}/account/subscribed?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${env.appUrl}/pricing?interval=${plan.price.interval}`,
    });
    if (!session.url) throw new Error(`Checkout session ${session.id} has no URL`);
    return { redirectTo: session.url };
  },
  { returnPath: '/pricing' },
);

/** Seats carry over to a per-seat plan (within its bounds); any other plan is one of it. */
function quantityOnPlan(productKey: string, current: number) {
  const bounds = seatBoundsOfProduct(productKey);
  if (!bounds) return 1;
  return Math.max(bounds.minimum, bounds.maximum === null ? current : Math.min(bounds.maximum, current));
}

export const switchPlanAction = customerAction(
  z.object({
    subscriptionId: subscriptionIdSchema,
    lookupKey: lookupKeySchema,
    promotionCode: z.string().trim().max(40, errorKey('promotionCodeTooLong')).optional().default(''),
  }),
  async (context, { subscriptionId, lookupKey, promotionCode }) => {
    const { t } = context;
    const found = await findSubscriptionForFlow(context, subscriptionId, isChangeable, 'cannotChangePlan');
    if ('error' in found) return found;
    const { subscription } = found;
    const plan = await findPlanPrice(db, lookupKey);
    if (!plan) return { error: t('planGone') };
    if (plan.priceId === subscription.priceId) return { error: t('alreadyOnPlanAtPrice', { plan: plan.product.name }) };
    const promotion = promotionCode ? await findPromotionCode(db, promotionCode) : null;
    if (promotionCode && !promotion) return { error: t('promotionCodeInvalid', { code: promotionCode }) };

    const url = await createPortalSession(db, stripe, {
      customerId: subscription.stripeCustomerId,
      appUrl: env.appUrl,
      locale: context.locale,
      flow: {
        type: 'subscription_update_confirm',
        subscriptionId: subscription.id,
        itemId: subscription.itemId,
        priceId: plan.priceId,
        quantity: quantityOnPlan(plan.product.key, subscription.quantity),
        promotionCodeId: promotion?.promotionCodeId,
      },
    });
    return { redirectTo: url };
  },
  { returnPath: '/pricing' },
);
