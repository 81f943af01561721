import type { Metadata, Viewport } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { ErrorTextProvider } from '@/components/error-text';
import { SiteHeader } from '@/components/site-header';
import { BRAND_NAME } from '@/lib/i18n/config';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('Metadata');
  return {
    title: { default: BRAND_NAME, template: t('titleTemplate', { brand: BRAND_NAME }) },
    description: t('description'),
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
          <footer className="border-t border-zinc-200 py-6 text-center text-xs text-zinc-500">
            {t('footer', { brand: BRAND_NAME })}
          </footer>
        </ErrorTextProvider>
      </body>
    </html>
  );
}
