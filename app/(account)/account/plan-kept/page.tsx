import { getTranslations } from 'next-intl/server';
import { Notice, RefreshFailedNotice } from '@/components/billing/notice';
import { requireUser } from '@/lib/auth';
import { isCancelling } from '@/lib/billing/subscription-state';
import { pageMetadata } from '@/lib/i18n/metadata';
import { AccountView } from '../account-view';
import { refreshAndFindSubscription } from '../landing';

export const generateMetadata = pageMetadata('planKept');

// Where "Keep current plan" (a released schedule) and "Keep my plan" (a cleared cancellation)
// land after Stripe answered: synced here, so the page is right whether or not the webhook came
// first. The message follows what Stripe now holds, not the query.
export default async function PlanKeptPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser('/account');
  const query = await searchParams;
  const { outcome, subscription } = await refreshAndFindSubscription(user, query.subscription);
  const t = await getTranslations('Notices');
  let notice;
  if (outcome === 'failed') notice = <RefreshFailedNotice />;
  else if (!subscription || isCancelling(subscription) || subscription.pendingChangeAt) notice = <Notice title={t('subscriptionUpdatedTitle')} />;
  else if (query.kept === 'change') {
    notice = <Notice title={t('keptChangeTitle', { product: subscription.productName })}>{t('keptChangeText')}</Notice>;
  } else {
    notice = <Notice title={t('continuesTitle', { product: subscription.productName })}>{t('keptCancellationText')}</Notice>;
  }
  return <AccountView user={user} notice={notice} />;
}
