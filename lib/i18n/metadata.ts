import 'server-only';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';

type PageTitleKey = Parameters<Awaited<ReturnType<typeof getTranslations<'Metadata.pages'>>>>[0];

/** A page's `generateMetadata`: its title in this request's language. */
export function pageMetadata(key: PageTitleKey): () => Promise<Metadata> {
  return async () => ({ title: (await getTranslations('Metadata.pages'))(key) });
}
