import { refreshBillingState, type RefreshOutcome } from '@/lib/billing/refresh';
import { db } from '@/lib/db';
import { findCustomerByUserId, findCustomerSubscription } from '@/lib/db/queries';
import type { Subscription } from '@/lib/db/schema';

/**
 * For a landing page: refresh from Stripe, then the subscription the query names,
 * only if it belongs to the signed-in customer. The query picks the message,
 * nothing more.
 */
export async function refreshAndFindSubscription(
  userId: string,
  query: string | string[] | undefined,
): Promise<{ outcome: RefreshOutcome; subscription: Subscription | null }> {
  const outcome = await refreshBillingState(userId);
  const subscriptionId = typeof query === 'string' && /^sub_[A-Za-z0-9]{1,64}$/.test(query) ? query : null;
  const customer = await findCustomerByUserId(db, userId);
  const subscription =
    customer && subscriptionId ? await findCustomerSubscription(db, customer.stripeCustomerId, subscriptionId) : null;
  return { outcome, subscription };
}
