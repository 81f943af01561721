import { getTranslations } from 'next-intl/server';
import { Notice, RefreshFailedNotice } from '@/components/billing/notice';
import { requireUser } from '@/lib/auth';
import { pageMetadata } from '@/lib/i18n/metadata';
import { AccountView } from '../account-view';
import { refreshAndFindSubscription } from '../landing';

export const generateMetadata = pageMetadata('subscriptionPaused');

// After-completion landing page of "Pause": paused until a date, until resumed, or (backed out) not paused.
export default async function SubscriptionPausedPage({
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
  else if (subscription.status !== 'paused') {
    notice = <Notice tone="info" title={t('notPausedTitle', { product: subscription.productName })} />;
  } else {
    const product = subscription.productName;
    notice = (
      <Notice title={subscription.resumesAt ? t('pausedUntilTitle', { product, date: subscription.resumesAt }) : t('pausedTitle', { product })}>
        {t('pausedText')}
      </Notice>
    );
  }
  return <AccountView user={user} notice={notice} />;
}
