import Link from 'next/link';
import { currentUser, signOut } from '@/lib/auth';
import { site } from '@/site.config';
import { SubmitButton } from './submit-button';

async function signOutAction() {
  'use server';
  await signOut({ redirectTo: '/' });
}

export async function SiteHeader() {
  // The header must not take the whole page down with it: if the database is
  // unreachable, it renders without the account controls and the page's own
  // error boundary explains what failed.
  const user = await currentUser().catch(() => null);
  return (
    <header className="border-b border-zinc-200 bg-white">
      <nav aria-label="Main" className="mx-auto flex max-w-5xl items-center gap-x-4 px-4 py-3 sm:gap-x-6 sm:px-6">
        <Link href="/" className="mr-auto text-base font-semibold tracking-tight text-zinc-950">
          {site.name}
        </Link>
        <Link href="/pricing" className="text-sm text-zinc-700 hover:text-zinc-950">
          Pricing
        </Link>
        <Link href="/account" className="text-sm text-zinc-700 hover:text-zinc-950">
          Account
        </Link>
        {user ? (
          <form action={signOutAction} className="flex items-center gap-3">
            <span className="hidden max-w-48 truncate text-sm text-zinc-500 sm:inline" title={user.email ?? undefined}>
              {user.email}
            </span>
            <SubmitButton variant="secondary" pendingLabel="Signing out…">
              Sign out
            </SubmitButton>
          </form>
        ) : (
          <Link
            href="/signin"
            className="whitespace-nowrap rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-brand-700 sm:px-4 sm:py-2"
          >
            Sign in
          </Link>
        )}
      </nav>
    </header>
  );
}
