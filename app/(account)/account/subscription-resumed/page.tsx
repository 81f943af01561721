import { getTranslations } from 'next-intl/server';
import { Notice, RefreshFailedNotice } from '@/components/billing/notice';
import { requireUser } from '@/lib/auth';
import { pageMetadata } from '@/lib/i18n/metadata';
import { AccountView } from '../account-view';
import { refreshAndFindSubscription } from '../landing';

export const generateMetadata = pageMetadata('subscriptionResumed');

// Where "Resume subscription" lands after Stripe's resume endpoint answered: synced here, so the
// page is right whether or not the webhook came first.
export default async function SubscriptionResumedPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser('/account');
  const { outcome, subscription } = await refreshAndFindSubscription(user, (await searchParams).subscription);
  const t = await getTranslations('Notices');
  let notice;
  if (outcome === 'failed') notice = <RefreshFailedNotice />;
  else if (!subscription) notice = <Notice title={t('subscriptionUpdatedTitle')} />;
  else if (subscription.status === 'paused') {
    notice = (
      <Notice tone="info" title={t('notResumedTitle', { product: subscription.productName })}>
        {t('notResumedText')}
      </Notice>
    );
  } else {
    notice = <Notice title={t('resumedTitle', { product: subscription.productName })}>{t('resumedText')}</Notice>;
  }
  return <AccountView user={user} notice={notice} />;
}
