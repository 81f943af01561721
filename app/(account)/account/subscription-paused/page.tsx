import { Notice } from '@/components/billing/notice';
import { pageMetadata } from '@/lib/i18n/metadata';
import { subscriptionLandingPage } from '../landing';

export const generateMetadata = pageMetadata('subscriptionPaused');

// After-completion landing page of "Pause": paused until a date, until resumed, or (backed out) not paused.
export default subscriptionLandingPage((subscription, t) => {
  const product = subscription.productName;
  if (subscription.status !== 'paused') return <Notice tone="info" title={t('notPausedTitle', { product })} />;
  return (
    <Notice
      title={subscription.resumesAt ? t('pausedUntilTitle', { product, date: subscription.resumesAt }) : t('pausedTitle', { product })}
    >
      {t('pausedText')}
    </Notice>
  );
});
