import type { Metadata } from 'next';
import { Notice, RefreshFailedNotice } from '@/components/billing/notice';
import { requireUser } from '@/lib/auth';
import { endDate, formatDate, isCancelling, isLive } from '@/lib/billing/subscription-state';
import { AccountView } from '../account-view';
import { refreshAndFindSubscription } from '../landing';

export const metadata: Metadata = { title: 'Subscription' };

// After-completion landing page of the "Cancel" flow, which ends in one of three
// ways: canceled now, set to end later, or kept because the customer took the
// retention offer.
export default async function SubscriptionCanceledPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser('/account');
  const { outcome, subscription } = await refreshAndFindSubscription(user, (await searchParams).subscription);
  let notice;
  if (outcome === 'failed') notice = <RefreshFailedNotice />;
  else if (!subscription) notice = <Notice title="Your subscription was updated." />;
  else if (!isLive(subscription)) {
    notice = <Notice title={`Your ${subscription.productName} subscription is canceled.`}>We are sorry to see you go.</Notice>;
  } else if (isCancelling(subscription)) {
    const end = endDate(subscription);
    notice = (
      <Notice title={`Your ${subscription.productName} subscription will end${end ? ` on ${formatDate(end)}` : ''}.`}>
        You keep everything until then, and you can renew from Manage billing at any time.
      </Notice>
    );
  } else if (subscription.discount) {
    notice = (
      <Notice title={`Thanks for staying on ${subscription.productName}!`}>
        Your discount is applied: {subscription.discount.name ?? 'see below'}.
      </Notice>
    );
  } else {
    notice = <Notice tone="info" title={`Your ${subscription.productName} subscription continues.`} />;
  }
  return <AccountView user={user} notice={notice} />;
}
