import type en from '@/messages/en.json';
import type { Locale } from './config';

/**
 * The English catalogue's shape, with each message as its literal text (from
 * messages/en.d.json.ts), is every catalogue's type: next-intl checks keys and each
 * message's placeholders against it.
 */
export type Messages = typeof en;

/** Same keys as the English catalogue, any text: what another language's file must be. */
type Catalogue<T = Messages> = { [K in keyof T]: T[K] extends string ? string : Catalogue<T[K]> };

// One entry per locale (a missing one is a type error), each with at least every English
// key (a missing key is a type error; tests/unit/messages.test.ts also refuses extra keys
// and placeholders that differ from the English ones).
const catalogues: Record<Locale, () => Promise<Catalogue>> = {
  en: () => import('@/messages/en.json').then((module) => module.default),
  fr: () => import('@/messages/fr.json').then((module) => module.default),
};

export async function loadMessages(locale: Locale): Promise<Messages> {
  // Same keys and placeholders as English (checked above and by the test); only the text differs.
  return (await catalogues[locale]()) as Messages;
}
