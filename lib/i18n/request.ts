import { getRequestConfig } from 'next-intl/server';
import { cookies, headers } from 'next/headers';
import { currentUser } from '@/lib/auth';
import { LOCALE_COOKIE, type Locale } from './config';
import { loadMessages } from './messages';
import { decideLocale } from './negotiate';

/**
 * This request's language, for every page, action, Checkout and portal session (they
 * read it through next-intl's getLocale(), which runs this config once per request):
 * the signed-in customer's saved choice, the switch's cookie, Accept-Language, English.
 */
async function requestLocale(): Promise<Locale> {
  // currentUser() is the header's own lookup, cached per request: no extra query.
  // An unreachable database must not stop the error page from rendering in the
  // visitor's language, so a failed lookup only skips the saved choice.
  const [user, jar, list] = await Promise.all([currentUser().catch(() => null), cookies(), headers()]);
  return decideLocale({
    saved: user?.locale,
    cookie: jar.get(LOCALE_COOKIE)?.value,
    acceptLanguage: list.get('accept-language'),
  });
}

export default getRequestConfig(async () => {
  const locale = await requestLocale();
  // Dates are shown in UTC: the server does not know the customer's time zone, and a
  // date must read the same on every page, whichever server renders it.
  return { locale, messages: await loadMessages(locale), timeZone: 'UTC' };
});
