import type { Locale } from './config';

/**
 * app/global-error.tsx's words. It replaces the root layout when that fails, so it has
 * neither this request's locale decision nor the server's catalogues, and loading a whole
 * catalogue into every page's JavaScript for it would cost more than the rest of the
 * translations together. These are copies of `ErrorPage` in messages/<locale>.json;
 * tests/unit/messages.test.ts fails when they drift apart.
 */
export const GLOBAL_ERROR_TEXT: Record<Locale, { title: string; text: string; reference: string; tryAgain: string }> = {
  en: {
    title: 'Something went wrong',
    text: 'We could not load this page. Nothing was changed. Try again in a moment.',
    reference: 'Reference: {digest}',
    tryAgain: 'Try again',
  },
  fr: {
    title: 'Un problème est survenu',
    text: 'Nous n’avons pas pu charger cette page. Rien n’a été modifié. Réessayez dans un instant.',
    reference: 'Référence\u00a0: {digest}',
    tryAgain: 'Réessayer',
  },
};
