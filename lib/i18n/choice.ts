import 'server-only';
import { eq } from 'drizzle-orm';
import { cookies } from 'next/headers';
import { currentUser } from '@/lib/auth';
import { updatePreferredLocale } from '@/lib/billing/customers';
import { db } from '@/lib/db';
import { users } from '@/lib/db/schema';
import { env } from '@/lib/env';
import { stripe } from '@/lib/stripe';
import { LOCALE_COOKIE, type Locale } from './config';

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/**
 * Saves a choice from the language switch: in a cookie (for this browser, signed in
 * or not), on the signed-in user (for every device), and on their Stripe customer's
 * `preferred_locales`, so Stripe's e-mails and invoices follow. That Stripe update is
 * the only Stripe call, and a failure there does not undo the choice: it is logged,
 * and the customer's next language change tries again.
 */
export async function saveLocaleChoice(locale: Locale): Promise<void> {
  (await cookies()).set(LOCALE_COOKIE, locale, {
    path: '/',
    maxAge: ONE_YEAR_SECONDS,
    sameSite: 'lax',
    httpOnly: true,
    secure: new URL(env.appUrl).protocol === 'https:',
  });
  const user = await currentUser();
  if (!user) return;
  await db.update(users).set({ locale }).where(eq(users.id, user.id));
  if (!user.stripeCustomerId) return;
  try {
    await updatePreferredLocale(stripe, user.stripeCustomerId, locale);
  } catch (error) {
    console.error('[locale] could not update preferred_locales of', user.stripeCustomerId, error);
  }
}
