import { RefreshFailedNotice } from '@/components/billing/notice';
import { requireUser } from '@/lib/auth';
import { pageMetadata } from '@/lib/i18n/metadata';
import { AccountView } from './account-view';

export const generateMetadata = pageMetadata('account');

// Reads only our database: rendering this page never calls Stripe.
export default async function AccountPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser('/account');
  // Set by /account/return when Stripe could not be reached; the page itself never calls Stripe.
  const refreshFailed = (await searchParams).refresh === 'failed';
  return <AccountView user={user} notice={refreshFailed ? <RefreshFailedNotice /> : undefined} />;
}
