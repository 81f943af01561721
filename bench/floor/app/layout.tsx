import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import '../../../app/globals.css';

// The floor (bench tooling, see ../next.config.ts): the app's root layout
// (app/layout.tsx and components/site-header.tsx) with the same markup and CSS, made
// static: no session, so the header always shows "Sign in".

export const metadata: Metadata = {
  title: { default: 'Portal Flows', template: '%s · Portal Flows' },
  description: 'Manage your subscription with Stripe customer-portal deep links.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="flex min-h-dvh flex-col bg-zinc-50 font-sans text-zinc-900 antialiased">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-3 focus:rounded focus:bg-white focus:px-3 focus:py-2"
        >
          Skip to content
        </a>
        <header className="border-b border-zinc-200 bg-white">
          <nav aria-label="Main" className="mx-auto flex max-w-5xl items-center gap-x-4 px-4 py-3 sm:gap-x-6 sm:px-6">
            <Link href="/" className="mr-auto text-base font-semibold tracking-tight text-zinc-950">
              Portal Flows
            </Link>
            <Link href="/pricing" className="text-sm text-zinc-700 hover:text-zinc-950">
              Pricing
            </Link>
            <Link href="/account" className="text-sm text-zinc-700 hover:text-zinc-950">
              Account
            </Link>
            <Link
              href="/signin"
              className="whitespace-nowrap rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-brand-700 sm:px-4 sm:py-2"
            >
              Sign in
            </Link>
          </nav>
        </header>
        <main id="main" className="mx-auto w-full max-w-5xl flex-1 px-4 py-10 sm:px-6">
          {children}
        </main>
        <footer className="border-t border-zinc-200 py-6 text-center text-xs text-zinc-500">
          Portal Flows — an open-source template for Stripe customer-portal deep links.
        </footer>
      </body>
    </html>
  );
}
