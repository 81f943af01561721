import type { Metadata } from 'next';
import { Notice, RefreshFailedNotice } from '@/components/billing/notice';
import { requireUser } from '@/lib/auth';
import { formatPrice } from '@/lib/billing/subscription-state';
import { AccountView } from '../account-view';
import { refreshAndFindSubscription } from '../landing';

export const metadata: Metadata = { title: 'Plan updated' };

// After-completion landing page of "Change plan" and "Switch to …".
export default async function PlanUpdatedPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser('/account');
  const { outcome, subscription } = await refreshAndFindSubscription(user, (await searchParams).subscription);
  const notice =
    outcome === 'failed' ? (
      <RefreshFailedNotice />
    ) : subscription ? (
      <Notice title={`You are now on ${subscription.productName}.`}>{formatPrice(subscription)}</Notice>
    ) : (
      <Notice title="Your plan was updated." />
    );
  return <AccountView user={user} notice={notice} />;
}
