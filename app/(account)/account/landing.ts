import { subscriptionIdSchema } from '@/lib/billing/customer-action';
import { refreshBillingState, type RefreshOutcome } from '@/lib/billing/refresh';
import { db } from '@/lib/db';
import { findCustomerSubscription, type UserWithCustomer } from '@/lib/db/queries';
import type { Subscription } from '@/lib/db/schema';

/**
 * For a landing page: refresh from Stripe, then the subscription the query names,
 * only if it belongs to the signed-in customer. The query picks the message,
 * nothing more.
 */
export async function refreshAndFindSubscription(
  user: UserWithCustomer,
  query: string | string[] | undefined,
): Promise<{ outcome: RefreshOutcome; subscription: Subscription | null }> {
  const outcome = await refreshBillingState(user.stripeCustomerId);
  const subscriptionId = subscriptionIdSchema.safeParse(query);
  const subscription =
    user.stripeCustomerId && subscriptionId.success
      ? await findCustomerSubscription(db, user.stripeCustomerId, subscriptionId.data)
      : null;
  return { outcome, subscription };
}
