import { Notice } from '@/components/billing/notice';
import { endDate, isCancelling, isLive } from '@/lib/billing/subscription-state';
import { discountText } from '@/lib/i18n/billing-text';
import { pageMetadata } from '@/lib/i18n/metadata';
import { subscriptionLandingPage } from '../landing';

export const generateMetadata = pageMetadata('subscription');

// After-completion landing page of the "Cancel" flow, which ends in one of three
// ways: canceled now, set to end later, or kept because the customer took the
// retention offer.
export default subscriptionLandingPage(async (subscription, t) => {
  const product = subscription.productName;
  if (!isLive(subscription)) return <Notice title={t('canceledTitle', { product })}>{t('canceledText')}</Notice>;
  if (isCancelling(subscription)) {
    const end = endDate(subscription);
    return <Notice title={end ? t('willEndOnTitle', { product, date: end }) : t('willEndTitle', { product })}>{t('willEndText')}</Notice>;
  }
  if (subscription.discount) {
    return (
      <Notice title={t('stayedTitle', { product })}>{t('stayedText', { discount: await discountText(subscription.discount) })}</Notice>
    );
  }
  return <Notice tone="info" title={t('continuesTitle', { product })} />;
});
