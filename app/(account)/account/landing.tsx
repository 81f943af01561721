import type { ReactNode } from 'react';
import { getTranslations } from 'next-intl/server';
import { Notice, RefreshFailedNotice } from '@/components/billing/notice';
import { requireUser } from '@/lib/auth';
import { subscriptionIdSchema } from '@/lib/billing/customer-action';
import { refreshBillingState, type RefreshOutcome } from '@/lib/billing/refresh';
import { db } from '@/lib/db';
import { findCustomerSubscription, type UserWithCustomer } from '@/lib/db/queries';
import type { Subscription } from '@/lib/db/schema';
import { AccountView } from './account-view';

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
    user.stripeCustomerId && subscriptionId.success ? await findCustomerSubscription(db, user.stripeCustomerId, subscriptionId.data) : null;
  return { outcome, subscription };
}

type SearchParams = Record<string, string | string[] | undefined>;
type NoticeTranslator = Awaited<ReturnType<typeof getTranslations<'Notices'>>>;

/**
 * A landing page about one subscription (`?subscription=sub_…`): signed in, refreshed from Stripe,
 * then `noticeFor` words what Stripe now holds. A failed refresh, or a subscription that is not the
 * customer's, gets the same notice on every landing page.
 */
export function subscriptionLandingPage(
  noticeFor: (subscription: Subscription, t: NoticeTranslator, query: SearchParams) => ReactNode | Promise<ReactNode>,
) {
  return async function SubscriptionLandingPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
    const user = await requireUser('/account');
    const query = await searchParams;
    const { outcome, subscription } = await refreshAndFindSubscription(user, query.subscription);
    const t = await getTranslations('Notices');
    const notice =
      outcome === 'failed' ? (
        <RefreshFailedNotice />
      ) : subscription ? (
        await noticeFor(subscription, t, query)
      ) : (
        <Notice title={t('subscriptionUpdatedTitle')} />
      );
    return <AccountView user={user} notice={notice} />;
  };
}
