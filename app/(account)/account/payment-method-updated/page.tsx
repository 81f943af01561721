import { getTranslations } from 'next-intl/server';
import { Notice, RefreshFailedNotice } from '@/components/billing/notice';
import { requireUser } from '@/lib/auth';
import { refreshBillingState } from '@/lib/billing/refresh';
import { db } from '@/lib/db';
import { findPaymentMethodsByCustomer } from '@/lib/db/queries';
import { pageMetadata } from '@/lib/i18n/metadata';
import { AccountView } from '../account-view';

export const generateMetadata = pageMetadata('cardUpdated');

// After-completion landing page of the "Update card" flow.
export default async function PaymentMethodUpdatedPage() {
  const user = await requireUser('/account');
  const outcome = await refreshBillingState(user.stripeCustomerId);
  const card = user.stripeCustomerId
    ? (await findPaymentMethodsByCustomer(db, user.stripeCustomerId)).find((method) => method.isDefault)
    : undefined;
  const t = await getTranslations('Notices');
  const notice =
    outcome === 'failed' ? (
      <RefreshFailedNotice />
    ) : (
      <Notice title={t('cardUpdatedTitle')}>{card ? t('cardUpdatedText', { last4: card.last4 }) : null}</Notice>
    );
  return <AccountView user={user} notice={notice} />;
}
