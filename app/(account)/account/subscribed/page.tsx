import { getTranslations } from 'next-intl/server';
import { Notice, RefreshFailedNotice } from '@/components/billing/notice';
import { requireUser } from '@/lib/auth';
import { refreshBillingState } from '@/lib/billing/refresh';
import { isLive } from '@/lib/billing/subscription-state';
import { db } from '@/lib/db';
import { findSubscriptionsByCustomer } from '@/lib/db/queries';
import { pageMetadata } from '@/lib/i18n/metadata';
import { AccountView } from '../account-view';

export const generateMetadata = pageMetadata('welcome');

// Checkout's success_url. The session id in the query is not needed: syncing the
// signed-in customer finds the new subscription whichever session created it.
export default async function SubscribedPage() {
  const user = await requireUser('/account');
  const outcome = await refreshBillingState(user.stripeCustomerId);
  const newest = user.stripeCustomerId ? (await findSubscriptionsByCustomer(db, user.stripeCustomerId)).find(isLive) : undefined;
  const t = await getTranslations('Notices');
  const notice =
    outcome === 'failed' ? (
      <RefreshFailedNotice />
    ) : newest ? (
      <Notice title={t('welcomeTitle', { product: newest.productName })}>
        {newest.status === 'trialing' && newest.trialEnd ? t('welcomeTrialText', { date: newest.trialEnd }) : t('welcomeText')}
      </Notice>
    ) : (
      <Notice tone="info" title={t('confirmingTitle')}>
        {t('confirmingText')}
      </Notice>
    );
  return <AccountView user={user} notice={notice} />;
}
