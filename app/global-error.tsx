'use client';

import { useSyncExternalStore } from 'react';
import { withDigest } from '@/components/error-text';
import { DEFAULT_LOCALE, LOCALES, type Locale } from '@/lib/i18n/config';
import { GLOBAL_ERROR_TEXT } from '@/lib/i18n/global-error-text';
import './globals.css';

// The root layout failed, so this request's locale decision is out of reach; the
// browser's languages are the best guess left (English on the server's render).
function browserLocale(): Locale {
  for (const tag of navigator.languages) {
    const language = tag.split('-')[0]?.toLowerCase();
    const match = LOCALES.find((locale) => locale === language);
    if (match) return match;
  }
  return DEFAULT_LOCALE;
}

const noSubscription = () => () => {};

// Shown when the root layout itself fails (app/error.tsx sits inside it and
// cannot catch that); it replaces the whole document, so it brings its own.
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const locale = useSyncExternalStore(noSubscription, browserLocale, () => DEFAULT_LOCALE);
  const t = GLOBAL_ERROR_TEXT[locale];
  return (
    <html lang={locale}>
      <body className="bg-zinc-50 font-sans text-zinc-900 antialiased">
        <main role="alert" className="mx-auto max-w-md px-4 py-16 text-center">
          <h1 className="text-2xl font-semibold tracking-tight text-zinc-950">{t.title}</h1>
          <p className="mt-2 text-sm text-zinc-600">{t.text}</p>
          {error.digest ? <p className="mt-2 text-xs text-zinc-500">{withDigest(t.reference, error.digest)}</p> : null}
          <button
            type="button"
            onClick={reset}
            className="mt-6 rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-700"
          >
            {t.tryAgain}
          </button>
        </main>
      </body>
    </html>
  );
}
