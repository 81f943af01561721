import Negotiator from 'negotiator';
import { DEFAULT_LOCALE, LOCALES, isLocale, type Locale } from './config';

/**
 * The language we speak that an `Accept-Language` header prefers most, weighing its
 * q-values (`fr-CA;q=0.9` matches `fr`), or null when it names none of ours.
 */
export function matchAcceptLanguage(header: string | null | undefined): Locale | null {
  if (!header) return null;
  const best = new Negotiator({ headers: { 'accept-language': header } }).language(LOCALES);
  return isLocale(best) ? best : null;
}

/**
 * One decision per request: the signed-in customer's saved choice, else the
 * visitor's choice from the language switch (a cookie), else the browser's
 * `Accept-Language`, else English. Anything that is not one of our locales is ignored.
 */
export function decideLocale(input: { saved?: string | null; cookie?: string | null; acceptLanguage?: string | null }): Locale {
  if (isLocale(input.saved)) return input.saved;
  if (isLocale(input.cookie)) return input.cookie;
  return matchAcceptLanguage(input.acceptLanguage) ?? DEFAULT_LOCALE;
}
