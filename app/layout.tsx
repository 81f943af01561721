import type { Metadata, Viewport } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { ErrorTextProvider } from '@/components/error-text';
import { SiteFooter } from '@/components/site-footer';
import { SiteHeader } from '@/components/site-header';
import { env } from '@/lib/env';
import { site } from '@/site.config';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('Metadata');
  const description = t('description');
  return {
    // Absolute URLs in the Open Graph tags come from APP_URL, never from the request.
    metadataBase: new URL(env.appUrl),
    title: { default: site.name, template: t('titleTemplate', { brand: site.name }) },
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
      siteName: site.name,
      title: site.name,
      description,
      images: [{ url: '/og.png', width: 1200, height: 630, alt: t('ogImageAlt', { brand: site.name }) }],
    },
    twitter: { card: 'summary_large_image' },
  };
}

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [locale, t, errorText] = await Promise.all([getLocale(), getTranslations('Layout'), getTranslations('ErrorPage')]);
  return (
    <html lang={locale}>
      <body className="flex min-h-dvh flex-col bg-zinc-50 font-sans text-zinc-900 antialiased">
        {/* Client components get words, not catalogues: app/error.tsx its own. */}
        <ErrorTextProvider
          text={{
            title: errorText('title'),
            text: errorText('text'),
            reference: errorText.raw('reference'),
            tryAgain: errorText('tryAgain'),
            home: errorText('home'),
          }}
        >
          <a
            href="#main"
            className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-3 focus:rounded focus:bg-white focus:px-3 focus:py-2"
          >
            {t('skipToContent')}
          </a>
          <SiteHeader />
          <main id="main" className="mx-auto w-full max-w-5xl flex-1 px-4 py-10 sm:px-6">
            {children}
          </main>
          <SiteFooter />
        </ErrorTextProvider>
      </body>
    </html>
  );
}
