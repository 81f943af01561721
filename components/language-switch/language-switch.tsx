'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { Suspense, useActionState, useId } from 'react';
import { LOCALES, LOCALE_NAMES, type Locale } from '@/lib/i18n/config';
import { setLocaleAction } from './actions';

/**
 * One button per language, posting to a server action that saves the choice and
 * comes back to this page: works without JavaScript.
 */
export function LanguageSwitch({ current, label }: { current: Locale; label: string }) {
  return (
    // Without the query string (a statically rendered page) the switch still works.
    <Suspense fallback={<SwitchForm current={current} label={label} returnTo={null} />}>
      <SwitchWithQuery current={current} label={label} />
    </Suspense>
  );
}

function SwitchWithQuery({ current, label }: { current: Locale; label: string }) {
  const query = useSearchParams().toString();
  return <SwitchForm current={current} label={label} returnTo={query ? `?${query}` : ''} />;
}

function SwitchForm({ current, label, returnTo }: { current: Locale; label: string; returnTo: string | null }) {
  const [state, formAction] = useActionState(setLocaleAction, {});
  const pathname = usePathname();
  const messageId = useId();
  return (
    <form action={formAction} aria-label={label} aria-describedby={messageId} className="flex items-center gap-1 text-xs">
      <input type="hidden" name="returnTo" value={`${pathname}${returnTo ?? ''}`} />
      {LOCALES.map((locale) => (
        <button
          key={locale}
          type="submit"
          name="locale"
          value={locale}
          lang={locale}
          aria-pressed={locale === current}
          className={`rounded px-1.5 py-1 font-medium ${locale === current ? 'bg-zinc-100 text-zinc-950' : 'text-zinc-600 hover:text-zinc-950'}`}
        >
          {LOCALE_NAMES[locale]}
        </button>
      ))}
      <span id={messageId} role="status" aria-live="polite" className="text-red-700 empty:hidden">
        {state.error}
      </span>
    </form>
  );
}
