import { getTranslations } from 'next-intl/server';
import { Notice, RefreshFailedNotice } from '@/components/billing/notice';
import { requireUser } from '@/lib/auth';
import { endDate, isCancelling, isLive } from '@/lib/billing/subscription-state';
import { discountText } from '@/lib/i18n/billing-text';
import { pageMetadata } from '@/lib/i18n/metadata';
import { AccountView } from '../account-view';
import { refreshAndFindSubscription } from '../landing';

export const generateMetadata = pageMetadata('subscription');

// After-completion landing page of the "Cancel" flow, which ends in one of three
// ways: canceled now, set to end later, or kept because the customer took the
// retention offer.
export default async function SubscriptionCanceledPage({
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
  else if (!isLive(subscription)) {
    notice = <Notice title={t('canceledTitle', { product: subscription.productName })}>{t('canceledText')}</Notice>;
  } else if (isCancelling(subscription)) {
    const end = endDate(subscription);
    const product = subscription.productName;
    notice = (
      <Notice title={end ? t('willEndOnTitle', { product, date: end }) : t('willEndTitle', { product })}>{t('willEndText')}</Notice>
    );
  } else if (subscription.discount) {
    notice = (
      <Notice title={t('stayedTitle', { product: subscription.productName })}>
        {t('stayedText', { discount: await discountText(subscription.discount) })}
      </Notice>
    );
  } else {
    notice = <Notice tone="info" title={t('continuesTitle', { product: subscription.productName })} />;
  }
  return <AccountView user={user} notice={notice} />;
}
