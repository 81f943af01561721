import { isZeroDecimal } from '../../resources/amounts.js';
import { en } from './en.js';
import { fr } from './fr.js';
import type { Messages } from './messages.js';

export type { Messages } from './messages.js';

/** The strings and formatters for one page render. */
export interface Localized {
  readonly t: Messages;
  /** The BCP 47 tag `Intl` formats with, e.g. `fr-CA` for a session in `fr-CA`. */
  readonly intlLocale: string;
  money(amount: number, currency: string): string;
  date(timestamp: number): string;
}

const DICTIONARIES: Readonly<Record<string, Messages>> = { en, fr };

/**
 * Picks the dictionary for a Stripe locale (`fr`, `fr-CA`, `en-GB`, `auto`, …). Locales without a
 * dictionary, and `auto`, render in English.
 */
export function localize(locale: string | null | undefined): Localized {
  const requested = locale && locale !== 'auto' ? locale : 'en';
  const language = requested.split('-')[0] ?? 'en';
  const t = DICTIONARIES[language] ?? en;
  const intlLocale = DICTIONARIES[language]
    ? requested.includes('-')
      ? requested
      : `${language}-${language === 'en' ? 'US' : language.toUpperCase()}`
    : 'en-US';
  const dates = new Intl.DateTimeFormat(intlLocale, { dateStyle: 'long', timeZone: 'UTC' });
  return {
    t,
    intlLocale,
    money(amount, currency) {
      const zeroDecimal = isZeroDecimal(currency);
      return new Intl.NumberFormat(intlLocale, { style: 'currency', currency: currency.toUpperCase() }).format(
        zeroDecimal ? amount : amount / 100,
      );
    },
    date(timestamp) {
      return dates.format(new Date(timestamp * 1000));
    },
  };
}
