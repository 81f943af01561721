import { Notice } from '@/components/billing/notice';
import { pageMetadata } from '@/lib/i18n/metadata';
import { subscriptionLandingPage } from '../landing';

export const generateMetadata = pageMetadata('subscriptionResumed');

// Where "Resume subscription" lands after Stripe's resume endpoint answered: synced here, so the
// page is right whether or not the webhook came first.
export default subscriptionLandingPage((subscription, t) =>
  subscription.status === 'paused' ? (
    <Notice tone="info" title={t('notResumedTitle', { product: subscription.productName })}>
      {t('notResumedText')}
    </Notice>
  ) : (
    <Notice title={t('resumedTitle', { product: subscription.productName })}>{t('resumedText')}</Notice>
  ),
);
