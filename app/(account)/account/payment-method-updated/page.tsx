import type { Metadata } from 'next';
import { Notice, RefreshFailedNotice } from '@/components/billing/notice';
import { requireUser } from '@/lib/auth';
import { refreshBillingState } from '@/lib/billing/refresh';
import { db } from '@/lib/db';
import { findCustomerByUserId, findPaymentMethodsByCustomer } from '@/lib/db/queries';
import { AccountView } from '../account-view';

export const metadata: Metadata = { title: 'Card updated' };

// After-completion landing page of the "Update card" flow.
export default async function PaymentMethodUpdatedPage() {
  const user = await requireUser('/account');
  const outcome = await refreshBillingState(user.id);
  const customer = await findCustomerByUserId(db, user.id);
  const card = customer ? (await findPaymentMethodsByCustomer(db, customer.stripeCustomerId)).find((m) => m.isDefault) : undefined;
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
