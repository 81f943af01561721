import 'server-only';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { stripe } from '@/lib/stripe';
import { syncCustomer } from './sync';

export type RefreshOutcome = 'synced' | 'no-customer' | 'failed' | 'skipped';

/**
 * Brings the signed-in user's billing state up to date from Stripe, for the
 * return and landing routes: they must be right even when no webhook has arrived.
 * A failure is reported, not thrown: the page then shows what we already have.
 */
export async function refreshBillingState(stripeCustomerId: string | null): Promise<RefreshOutcome> {
  if (!env.landingSync) return 'skipped';
  if (!stripeCustomerId) return 'no-customer';
  try {
    await syncCustomer(db, stripe, stripeCustomerId);
    return 'synced';
  } catch (error) {
    console.error('[billing refresh]', error);
    return 'failed';
  }
}
