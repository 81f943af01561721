import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { currentUser, signOut } from '@/lib/auth';
import { site } from '@/site.config';
import { LanguageSwitch } from './language-switch/language-switch';
import { SubmitButton } from './submit-button';

async function signOutAction() {
  'use server';
  await signOut({ redirectTo: '/' });
}

export async function SiteHeader() {
  // The header must not take the whole page down with it: if the database is
  // unreachable, it renders without the account controls and the page's own
  // error boundary explains what failed.
  const [user, t, locale, switchText] = await Promise.all([
    currentUser().catch(() => null),
    getTranslations('Header'),
    getLocale(),
    getTranslations('LanguageSwitch'),
  ]);
  return (
    <header className="border-b border-zinc-200 bg-white">
      <nav
        aria-label={t('navigation')}
        className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3 sm:gap-x-6 sm:px-6"
      >
        <Link href="/" className="mr-auto text-base font-semibold tracking-tight text-zinc-950">
          {site.name}
        </Link>
        <Link href="/pricing" className="text-sm text-zinc-700 hover:text-zinc-950">
          {t('pricing')}
        </Link>
        <Link href="/account" className="text-sm text-zinc-700 hover:text-zinc-950">
          {t('account')}
        </Link>
        <LanguageSwitch current={locale} label={switchText('label')} />
        {user ? (
          <form action={signOutAction} className="flex items-center gap-3">
            <span className="hidden max-w-48 truncate text-sm text-zinc-500 sm:inline" title={user.email ?? undefined}>
              {user.email}
            </span>
            <SubmitButton variant="secondary" pendingLabel={t('signingOut')}>
              {t('signOut')}
            </SubmitButton>
          </form>
        ) : (
          <Link
            href="/signin"
            className="whitespace-nowrap rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-brand-700 sm:px-4 sm:py-2"
          >
            {t('signIn')}
          </Link>
        )}
      </nav>
    </header>
  );
}
