import { getTranslations } from 'next-intl/server';
import { Notice, RefreshFailedNotice } from '@/components/billing/notice';
import { requireUser } from '@/lib/auth';
import { priceText } from '@/lib/i18n/billing-text';
import { pageMetadata } from '@/lib/i18n/metadata';
import { AccountView } from '../account-view';
import { refreshAndFindSubscription } from '../landing';

export const generateMetadata = pageMetadata('planUpdated');

// After-completion landing page of "Change plan" and "Switch to …".
export default async function PlanUpdatedPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser('/account');
  const { outcome, subscription } = await refreshAndFindSubscription(user, (await searchParams).subscription);
  const t = await getTranslations('Notices');
  const notice =
    outcome === 'failed' ? (
      <RefreshFailedNotice />
    ) : subscription?.pendingChangeAt ? (
      // A change that waits for the period's end (schedule_at_period_end): nothing changed yet.
      <Notice
        title={t('planChangesOnTitle', {
          product: subscription.pendingProductName ?? subscription.productName,
          date: subscription.pendingChangeAt,
        })}
      >
        {t('planChangesOnText', { product: subscription.productName })}
      </Notice>
    ) : subscription ? (
      <Notice title={t('planNowTitle', { product: subscription.productName })}>{await priceText(subscription)}</Notice>
    ) : (
      <Notice title={t('planUpdatedTitle')} />
    );
  return <AccountView user={user} notice={notice} />;
}
