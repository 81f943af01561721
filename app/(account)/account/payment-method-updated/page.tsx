import type { Metadata } from 'next';
import { Notice, RefreshFailedNotice } from '@/components/billing/notice';
import { requireUser } from '@/lib/auth';
import { refreshBillingState } from '@/lib/billing/refresh';
import { db } from '@/lib/db';
import { findPaymentMethodsByCustomer } from '@/lib/db/queries';
import { AccountView } from '../account-view';

export const metadata: Metadata = { title: 'Card updated' };

// After-completion landing page of the "Update card" flow.
export default async function PaymentMethodUpdatedPage() {
  const user = await requireUser('/account');
  const outcome = await refreshBillingState(user.stripeCustomerId);
  const card = user.stripeCustomerId
    ? (await findPaymentMethodsByCustomer(db, user.stripeCustomerId)).find((method) => method.isDefault)
    : undefined;
  const notice =
    outcome === 'failed' ? (
      <RefreshFailedNotice />
    ) : (
      <Notice title="Your payment method was updated.">
        {card ? `Your card ending in ${card.last4} will be charged from now on.` : null}
      </Notice>
    );
  return <AccountView user={user} notice={notice} />;
}
