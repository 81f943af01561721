import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { FLOWS, type FlowType } from '@/lib/billing/flow-table';

const flows = Object.keys(FLOWS) as FlowType[];

export default async function HomePage() {
  const t = await getTranslations('Home');
  return (
    <div className="space-y-16">
      <section className="max-w-2xl">
        <h1 className="text-4xl font-semibold tracking-tight text-zinc-950 sm:text-5xl">{t('title')}</h1>
        <p className="mt-4 text-lg text-zinc-600">{t('intro')}</p>
        <div className="mt-8 flex flex-wrap gap-3">
          <Link href="/pricing" className="rounded-md bg-brand-600 px-5 py-2.5 text-sm font-medium text-white shadow-sm hover:bg-brand-700">
            {t('seePlans')}
          </Link>
          <Link
            href="/account"
            className="rounded-md border border-zinc-300 bg-white px-5 py-2.5 text-sm font-medium text-zinc-900 shadow-sm hover:bg-zinc-50"
          >
            {t('goToAccount')}
          </Link>
        </div>
      </section>

      <section aria-labelledby="flows-heading">
        <h2 id="flows-heading" className="text-lg font-semibold text-zinc-950">
          {t('howItWorks')}
        </h2>
        <ul className="mt-4 grid gap-4 sm:grid-cols-2">
          {flows.map((flow) => (
            <li key={flow} className="rounded-lg border border-zinc-200 bg-white p-5 shadow-sm">
              <p className="font-medium text-zinc-950">{t(`flows.${flow}.button`)}</p>
              <p className="mt-1 text-sm text-zinc-600">{t(`flows.${flow}.text`)}</p>
              <p className="mt-3 font-mono text-xs text-zinc-500" lang="en">
                flow_data.type = {flow}
              </p>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
