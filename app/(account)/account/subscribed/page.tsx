import type { Metadata } from 'next';
import { Notice, RefreshFailedNotice } from '@/components/billing/notice';
import { requireUser } from '@/lib/auth';
import { refreshBillingState } from '@/lib/billing/refresh';
import { isLive } from '@/lib/billing/subscription-state';
import { db } from '@/lib/db';
import { findSubscriptionsByCustomer } from '@/lib/db/queries';
import { AccountView } from '../account-view';

export const metadata: Metadata = { title: 'Welcome' };

// Checkout's success_url. The session id in the query is not needed: syncing the
// signed-in customer finds the new subscription whichever session created it.
export default async function SubscribedPage() {
  const user = await requireUser('/account');
  const outcome = await refreshBillingState(user.stripeCustomerId);
  const newest = user.stripeCustomerId ? (await findSubscriptionsByCustomer(db, user.stripeCustomerId)).find(isLive) : undefined;
  const notice =
    outcome === 'failed' ? (
      <RefreshFailedNotice />
    ) : newest ? (
      <Notice title={`Welcome to ${newest.productName}!`}>Your subscription is active. Manage it from this page at any time.</Notice>
    ) : (
      <Notice tone="info" title="Thanks! Your payment is being confirmed.">
        Your subscription appears here as soon as Stripe confirms it.
      </Notice>
    );
  return <AccountView user={user} notice={notice} />;
}
