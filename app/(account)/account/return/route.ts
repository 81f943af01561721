// GET /account/return — the portal's return_url: bring billing state up to date, then show the account.
import { redirect } from 'next/navigation';
import { auth } from '@/lib/auth';
import { refreshBillingState } from '@/lib/billing/refresh';

export async function GET() {
  const session = await auth();
  if (!session?.user?.id) redirect('/signin?callbackUrl=%2Faccount');
  const outcome = await refreshBillingState(session.user.id);
  redirect(outcome === 'failed' ? '/account?refresh=failed' : '/account');
}
