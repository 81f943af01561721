// GET /account/return — the portal's return_url: bring billing state up to date, then show the account.
import { redirect } from 'next/navigation';
import { currentUser } from '@/lib/auth';
import { refreshBillingState } from '@/lib/billing/refresh';

export async function GET() {
  const user = await currentUser();
  if (!user) redirect('/signin?callbackUrl=%2Faccount');
  const outcome = await refreshBillingState(user.stripeCustomerId);
  redirect(outcome === 'failed' ? '/account?refresh=failed' : '/account');
}
