import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { PublicDemoNotice } from '@/components/public-demo-notice';
import { SiteHeader } from '@/components/site-header';
import { env } from '@/lib/env';
import './globals.css';

const description = 'Manage your subscription with Stripe customer-portal deep links.';

export const metadata: Metadata = {
  // Absolute URLs in the Open Graph tags come from APP_URL, never from the request.
  metadataBase: new URL(env.appUrl),
  title: { default: 'Portal Flows', template: '%s · Portal Flows' },
  description,
  icons: {
    icon: [
      { url: '/favicon.ico', sizes: '32x32' },
      { url: '/icon.svg', type: 'image/svg+xml' },
    ],
    apple: '/apple-touch-icon.png',
  },
  openGraph: {
    type: 'website',
    siteName: 'Portal Flows',
    title: 'Portal Flows',
    description,
    images: [{ url: '/og.png', width: 1200, height: 630, alt: 'Portal Flows: every billing task, one click away.' }],
  },
  twitter: { card: 'summary_large_image' },
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
        <SiteHeader />
        <main id="main" className="mx-auto w-full max-w-5xl flex-1 px-4 py-10 sm:px-6">
          {children}
        </main>
        <footer className="border-t border-zinc-200 py-6 text-center text-xs text-zinc-500">
          {env.publicDemo ? <PublicDemoNotice demoSignIn={env.auth.demo} emulator={env.stripe.mode === 'emulator'} /> : null}
          Portal Flows — an open-source template for Stripe customer-portal deep links.
        </footer>
      </body>
    </html>
  );
}
