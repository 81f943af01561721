import { getTranslations } from 'next-intl/server';
import { entitlementsOf } from '@/lib/billing/entitlements';
import { FEATURE_KEYS } from '@/lib/billing/feature-keys';
import type { Subscription } from '@/lib/db/schema';

/**
 * "What your plan unlocks": every gated feature, included or not, as lib/billing/entitlements.ts
 * decides from the customer's subscriptions — the same check a page or an action makes before
 * offering a feature. A demonstration a fork replaces with its own gated pages.
 */
export async function PlanUnlocks({ subscriptions }: { subscriptions: Subscription[] }) {
  const t = await getTranslations('Account');
  const { features, grace } = entitlementsOf(subscriptions);
  return (
    <section
      aria-labelledby="unlocks-heading"
      className="rounded-lg border border-zinc-200 bg-white p-5 shadow-sm"
      data-testid="plan-unlocks"
    >
      <h2 id="unlocks-heading" className="text-lg font-semibold text-zinc-950">
        {t('unlocksHeading')}
      </h2>
      {features.size === 0 ? <p className="mt-1 text-sm text-zinc-600">{t('unlocksNone')}</p> : null}
      {grace ? (
        <p className="mt-1 text-sm text-amber-800" data-testid="unlocks-grace">
          {t('unlocksGrace')}
        </p>
      ) : null}
      <ul className="mt-3 grid gap-1 text-sm sm:grid-cols-2">
        {FEATURE_KEYS.map((feature) => {
          const included = features.has(feature);
          return (
            <li key={feature} data-feature={feature} data-included={included} className={included ? 'text-zinc-900' : 'text-zinc-500'}>
              <span aria-hidden="true">{included ? '✓ ' : '– '}</span>
              {t(`features.${feature}`)}
              <span className="sr-only"> ({included ? t('featureIncluded') : t('featureLocked')})</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
