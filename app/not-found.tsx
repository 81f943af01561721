import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

export default async function NotFound() {
  const t = await getTranslations('NotFound');
  return (
    <div className="mx-auto max-w-md py-16 text-center">
      <p className="text-sm font-semibold text-brand-700">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight text-zinc-950">{t('title')}</h1>
      <p className="mt-2 text-sm text-zinc-600">{t('text')}</p>
      <Link href="/" className="mt-6 inline-flex text-sm font-medium text-brand-700 hover:underline">
        {t('back')}
      </Link>
    </div>
  );
}
