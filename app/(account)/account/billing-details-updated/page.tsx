import { getTranslations } from 'next-intl/server';
import { Notice, RefreshFailedNotice } from '@/components/billing/notice';
import { requireUser } from '@/lib/auth';
import { refreshBillingState } from '@/lib/billing/refresh';
import { pageMetadata } from '@/lib/i18n/metadata';
import { AccountView } from '../account-view';

export const generateMetadata = pageMetadata('billingDetailsUpdated');

// After-completion landing page of "Edit billing details"; the details it shows come from its own sync.
export default async function BillingDetailsUpdatedPage() {
  const user = await requireUser('/account');
  const outcome = await refreshBillingState(user.stripeCustomerId);
  const t = await getTranslations('Notices');
  const notice =
    outcome === 'failed' ? (
      <RefreshFailedNotice />
    ) : (
      <Notice title={t('billingDetailsUpdatedTitle')}>{t('billingDetailsUpdatedText')}</Notice>
    );
  return <AccountView user={user} notice={notice} />;
}
