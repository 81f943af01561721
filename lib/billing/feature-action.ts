import 'server-only';
import { getTranslations } from 'next-intl/server';
import type { z } from 'zod';
import { db } from '@/lib/db';
import { findSubscriptionsByCustomer } from '@/lib/db/queries';
import { customerAction, type ActionHandler, type CustomerActionOptions } from './customer-action';
import { canUse } from './entitlements';
import type { FeatureKey } from './feature-keys';

/**
 * A server action only a customer whose plan unlocks `feature` may run: `customerAction`'s
 * session check and form parsing, then the customer's subscriptions read from our database
 * (no Stripe call) and `canUse`, then `handler`. A customer without the feature gets a
 * translated refusal and the handler never runs, whatever page showed the form (it may have
 * been opened before the plan lapsed):
 *
 *     export const addThingAction = featureAction('custom_domains', schema, async (context, input) => …);
 */
export function featureAction<Schema extends z.ZodType<Record<string, unknown>>>(
  feature: FeatureKey,
  schema: Schema,
  handler: ActionHandler<Schema>,
  options?: CustomerActionOptions,
) {
  return customerAction(
    schema,
    async (context, input) => {
      const subscriptions = context.customerId ? await findSubscriptionsByCustomer(db, context.customerId) : [];
      if (!canUse(subscriptions, feature)) {
        const features = await getTranslations('Account.features');
        return { error: context.t('featureNotInPlan', { feature: features(feature) }) };
      }
      return handler(context, input);
    },
    options,
  );
}
