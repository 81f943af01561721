import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { pageMetadata } from '@/lib/i18n/metadata';

export const generateMetadata = pageMetadata('checkEmail');

export default async function CheckEmailPage() {
  const t = await getTranslations('CheckEmail');
  return (
    <div className="mx-auto max-w-sm">
      <h1 className="text-2xl font-semibold tracking-tight text-zinc-950">{t('title')}</h1>
      <p className="mt-2 text-sm text-zinc-600">{t('text')}</p>
      <p className="mt-6 text-sm">
        <Link href="/signin" className="font-medium text-brand-700 hover:underline">
          {t('anotherAddress')}
        </Link>
      </p>
    </div>
  );
}
