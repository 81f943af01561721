import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { entitlementsOf } from '@/lib/billing/entitlements';
import { FEATURE_KEYS, type FeatureKey } from '@/lib/billing/feature-keys';
import type { Subscription } from '@/lib/db/schema';
import { AccountSection } from './account-section';

/** The page where a customer uses a feature, for the features that have one here. */
const FEATURE_PAGES: Partial<Record<FeatureKey, string>> = { custom_domains: '/account/domains' };

/**
 * "What your plan unlocks": every gated feature, included or not, as lib/billing/entitlements.ts
 * decides from the customer's subscriptions — the same check a page or an action makes before
 * offering a feature. A demonstration a fork replaces with its own gated pages.
 */
export async function PlanUnlocks({ subscriptions }: { subscriptions: Subscription[] }) {
  const t = await getTranslations('Account');
  const { features, grace } = entitlementsOf(subscriptions);
  return (
    <AccountSection
      headingId="unlocks-heading"
      heading={t('unlocksHeading')}
      testId="plan-unlocks"
      summary={
        <>
          {features.size === 0 ? <p className="mt-1 text-sm text-zinc-600">{t('unlocksNone')}</p> : null}
          {grace ? (
            <p className="mt-1 text-sm text-amber-800" data-testid="unlocks-grace">
              {t('unlocksGrace')}
            </p>
          ) : null}
        </>
      }
    >
      <ul className="grid gap-1 text-sm sm:grid-cols-2">
        {FEATURE_KEYS.map((feature) => {
          const included = features.has(feature);
          const page = FEATURE_PAGES[feature];
          const name = t(`features.${feature}`);
          return (
            <li key={feature} data-feature={feature} data-included={included} className={included ? 'text-zinc-900' : 'text-zinc-500'}>
              <span aria-hidden="true">{included ? '✓ ' : '– '}</span>
              {page ? (
                <Link href={page} className="underline underline-offset-4 hover:text-zinc-950">
                  {name}
                </Link>
              ) : (
                name
              )}
              <span className="sr-only"> ({included ? t('featureIncluded') : t('featureLocked')})</span>
            </li>
          );
        })}
      </ul>
    </AccountSection>
  );
}
