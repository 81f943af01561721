import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { Locale } from '@/lib/i18n/config';
import type { Database } from '@/lib/db/client';
import { findCustomerByUserId } from '@/lib/db/queries';
import { customers } from '@/lib/db/schema';

/**
 * The user's Stripe customer id, creating the customer the first time. Exactly one
 * per user even when two requests race (a double click, two tabs): both send the
 * same idempotency key, so Stripe creates one customer and answers both with it,
 * and the unique keys on `customers` keep a single mapping row.
 */
export async function ensureStripeCustomer(
  db: Database,
  stripe: Stripe,
  user: { id: string; email: string | null; name?: string | null },
  options: {
    /** After forgetStripeCustomer: a new idempotency key, or Stripe would replay the old customer. */
    replacing?: boolean;
    /** The customer's language, for Stripe's e-mails and invoices (`preferred_locales`). */
    locale?: Locale;
  } = {},
): Promise<string> {
  const existing = await findCustomerByUserId(db, user.id);
  if (existing) return existing.stripeCustomerId;

  const customer = await stripe.customers.create(
    {
      ...(user.email ? { email: user.email } : {}),
      ...(user.name ? { name: user.name } : {}),
      ...(options.locale ? { preferred_locales: [options.locale] } : {}),
      metadata: { portal_flows_user_id: user.id },
    },
    { idempotencyKey: `portal-flows-customer-${user.id}${options.replacing ? `-${Date.now()}` : ''}` },
  );
  await db.insert(customers).values({ userId: user.id, stripeCustomerId: customer.id }).onConflictDoNothing();
  const saved = await findCustomerByUserId(db, user.id);
  if (!saved) throw new Error(`No customer row for user ${user.id} after creating ${customer.id}`);
  return saved.stripeCustomerId;
}

/**
 * Keeps the Stripe customer's language in step with the one the customer chose
 * here, so the e-mails and invoices Stripe sends them are in it too.
 */
export async function updatePreferredLocale(stripe: Stripe, customerId: string, locale: Locale): Promise<void> {
  await stripe.customers.update(customerId, { preferred_locales: [locale] });
}

/**
 * Drops a user's mapping to a Stripe customer that no longer exists (the
 * emulator's state was wiped, or the customer was deleted in Stripe), together
 * with the billing rows cached for it. The next ensureStripeCustomer creates a
 * new customer.
 */
export async function forgetStripeCustomer(db: Database, userId: string) {
  await db.delete(customers).where(eq(customers.userId, userId));
}

export function isMissingCustomer(error: unknown) {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { code?: string }).code === 'resource_missing' &&
    /customer/i.test((error as { message?: string }).message ?? '')
  );
}
