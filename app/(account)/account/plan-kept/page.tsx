import { Notice } from '@/components/billing/notice';
import { isCancelling } from '@/lib/billing/subscription-state';
import { pageMetadata } from '@/lib/i18n/metadata';
import { subscriptionLandingPage } from '../landing';

export const generateMetadata = pageMetadata('planKept');

// Where "Keep current plan" (a released schedule) and "Keep my plan" (a cleared cancellation)
// land after Stripe answered: synced here, so the page is right whether or not the webhook came
// first. The message follows what Stripe now holds, not the query.
export default subscriptionLandingPage((subscription, t, query) => {
  if (isCancelling(subscription) || subscription.pendingChangeAt) return <Notice title={t('subscriptionUpdatedTitle')} />;
  if (query.kept === 'change') {
    return <Notice title={t('keptChangeTitle', { product: subscription.productName })}>{t('keptChangeText')}</Notice>;
  }
  return <Notice title={t('continuesTitle', { product: subscription.productName })}>{t('keptCancellationText')}</Notice>;
});
