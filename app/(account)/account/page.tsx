import type { Metadata } from 'next';
import Link from 'next/link';
import { requireUser } from '@/lib/auth';
import { db } from '@/lib/db';
import { findCustomerByUserId } from '@/lib/db/queries';
import { AccountHeader } from './account-header';

export const metadata: Metadata = { title: 'Account' };

// Reads only our database: rendering this page never calls Stripe.
export default async function AccountPage() {
  const user = await requireUser('/account');
  const customer = await findCustomerByUserId(db, user.id);

  return (
    <div className="space-y-8">
      <AccountHeader email={user.email ?? ''} />
      <section aria-labelledby="billing-heading" className="rounded-lg border border-zinc-200 bg-white p-6 shadow-sm">
        <h2 id="billing-heading" className="text-lg font-semibold text-zinc-950">
          Subscription
        </h2>
        {customer ? (
          <p className="mt-2 text-sm text-zinc-600">
            Billing account <code className="rounded bg-zinc-100 px-1 py-0.5 text-xs">{customer.stripeCustomerId}</code>.
          </p>
        ) : (
          <div className="mt-2 space-y-4">
            <p className="text-sm text-zinc-600">You have no subscription yet. Pick a plan to get started.</p>
            <Link
              href="/pricing"
              className="inline-flex rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-700"
            >
              See plans
            </Link>
          </div>
        )}
      </section>
    </div>
  );
}
