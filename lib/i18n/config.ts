/**
 * The languages the app speaks. Adding one: a `messages/<code>.json` with the same
 * keys as `messages/en.json`, its code here, and its name in its own language below
 * (README.md, "Languages").
 */
export const LOCALES = ['en', 'fr'] as const;

export type Locale = (typeof LOCALES)[number];

/** Used when neither the customer's saved choice nor their browser names a language we speak. */
export const DEFAULT_LOCALE: Locale = 'en';

/** Each language's name in that language, as the switch in the header shows it. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', fr: 'Français' };

/** Where an anonymous visitor's choice from the language switch is kept. */
export const LOCALE_COOKIE = 'locale';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}
