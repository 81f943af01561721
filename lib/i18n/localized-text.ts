import { DEFAULT_LOCALE, type Locale } from './config';

/**
 * Customer-facing text that lives outside messages/ — plan copy and portal messages
 * in billing.config.ts: one string for every language, or one per language (all of
 * them: a missing language is a type error, and an error at start-up).
 */
export type LocalizedText = string | Readonly<Record<Locale, string>>;

export function textIn(text: LocalizedText, locale: Locale): string;
export function textIn(text: LocalizedText | undefined, locale: Locale): string | undefined;
export function textIn(text: LocalizedText | undefined, locale: Locale): string | undefined {
  if (text === undefined || typeof text === 'string') return text;
  return text[locale];
}

/** The text Stripe itself stores (a product's description), which has one language: the default. */
export function defaultText(text: LocalizedText | undefined): string | undefined {
  return textIn(text, DEFAULT_LOCALE);
}
