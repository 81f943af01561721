import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { ActionForm } from '@/components/action-form';
import { currentUser } from '@/lib/auth';
import { loadPlans, type Plan } from '@/lib/billing/catalog';
import { seatBoundsOfProduct } from '@/lib/billing/seats';
import { isChangeable, isLive } from '@/lib/billing/subscription-state';
import { db } from '@/lib/db';
import { findSubscriptionsByCustomer, type UserWithCustomer } from '@/lib/db/queries';
import type { Subscription } from '@/lib/db/schema';
import type { Locale } from '@/lib/i18n/config';
import { textIn } from '@/lib/i18n/localized-text';
import { pageMetadata } from '@/lib/i18n/metadata';
import { formatMoney } from '@/lib/i18n/money';
import { subscribeAction } from './actions';
import { SwitchPlanForm } from './switch-plan-form';

export const generateMetadata = pageMetadata('pricing');

type Interval = 'month' | 'year';

/** Null for a visitor, else the signed-in customer's live subscriptions. */
async function currentSubscriptions(user: UserWithCustomer | null): Promise<Subscription[] | null> {
  if (!user) return null;
  if (!user.stripeCustomerId) return [];
  return (await findSubscriptionsByCustomer(db, user.stripeCustomerId)).filter(isLive);
}

export default async function PricingPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const interval: Interval = (await searchParams).interval === 'year' ? 'year' : 'month';
  const [plans, subscriptions, t, locale] = await Promise.all([
    loadPlans(db),
    currentUser().then(currentSubscriptions),
    getTranslations('Pricing'),
    getLocale(),
  ]);

  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-3xl font-semibold tracking-tight text-zinc-950">{t('title')}</h1>
          <p className="mt-2 text-zinc-600">{t('intro')}</p>
        </div>
        <nav aria-label={t('intervalNavigation')} className="inline-flex rounded-lg border border-zinc-200 bg-white p-1 text-sm shadow-sm">
          {(['month', 'year'] as const).map((option) => (
            <Link
              key={option}
              href={option === 'year' ? '/pricing?interval=year' : '/pricing'}
              aria-current={interval === option ? 'page' : undefined}
              className={`rounded-md px-3 py-1.5 font-medium ${interval === option ? 'bg-brand-600 text-white' : 'text-zinc-700 hover:bg-zinc-50'}`}
            >
              {option === 'month' ? t('monthly') : t('yearly')}
            </Link>
          ))}
        </nav>
      </div>

      {plans.length === 0 ? (
        <div className="rounded-lg border border-dashed border-zinc-300 bg-white p-8 text-center">
          <h2 className="font-medium text-zinc-950">{t('emptyTitle')}</h2>
          <p className="mt-1 text-sm text-zinc-600">{t('emptyText')}</p>
        </div>
      ) : (
        <ul className="grid gap-6 md:grid-cols-2 xl:grid-cols-4">
          {plans.map((plan) => (
            <PlanCard key={plan.key} plan={plan} interval={interval} subscriptions={subscriptions} locale={locale} />
          ))}
        </ul>
      )}
    </div>
  );
}

async function PlanCard({
  plan,
  interval,
  subscriptions,
  locale,
}: {
  plan: Plan;
  interval: Interval;
  subscriptions: Subscription[] | null;
  locale: Locale;
}) {
  const t = await getTranslations('Pricing');
  const price = plan.prices.find((candidate) => candidate.interval === interval) ?? plan.prices[0];
  if (!price) return null;
  const current = subscriptions?.find((subscription) => subscription.priceId === price.priceId);
  const changeable = (subscriptions ?? []).filter((subscription) => isChangeable(subscription) && subscription.priceId !== price.priceId);

  let action;
  if (subscriptions === null) {
    action = (
      <Link
        href={`/signin?callbackUrl=${encodeURIComponent(interval === 'year' ? '/pricing?interval=year' : '/pricing')}`}
        className="block rounded-md bg-brand-600 px-4 py-2 text-center text-sm font-medium text-white shadow-sm hover:bg-brand-700"
      >
        {t('signInToSubscribe')}
      </Link>
    );
  } else if (subscriptions.length === 0) {
    action = (
      <ActionForm
        action={subscribeAction}
        fields={{ lookupKey: price.lookupKey }}
        pendingLabel={t('openingCheckout')}
        variant="primary"
        className="[&>button]:w-full"
      >
        {t('subscribe')}
      </ActionForm>
    );
  } else if (current && changeable.length === 0) {
    action = <p className="rounded-md bg-zinc-100 px-4 py-2 text-center text-sm font-medium text-zinc-700">{t('currentPlan')}</p>;
  } else if (changeable.length > 0) {
    action = (
      <SwitchPlanForm
        lookupKey={price.lookupKey}
        subscriptions={changeable.map((subscription) => ({
          id: subscription.id,
          label: t('subscriptionOption', { product: subscription.productName, interval: subscription.interval ?? 'month' }),
        }))}
        labels={{
          subscription: t('subscriptionToChange'),
          promotionCode: t('promotionCode'),
          promotionCodeExample: t('promotionCodeExample'),
          submit: t('switchTo', { plan: plan.name }),
          pending: t('opening'),
        }}
      />
    );
  } else {
    action = <p className="text-center text-sm text-zinc-600">{t('renewToSwitch')}</p>;
  }

  return (
    <li
      className={`flex flex-col rounded-xl border bg-white p-6 shadow-sm ${plan.highlight ? 'border-brand-600 ring-1 ring-brand-600' : 'border-zinc-200'}`}
      data-testid="plan"
      data-plan={plan.key}
    >
      <div className="flex items-center justify-between gap-2">
        <h2 className="text-lg font-semibold text-zinc-950">{plan.name}</h2>
        {current ? (
          <span className="rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-700">{t('currentBadge')}</span>
        ) : null}
        {!current && plan.highlight ? (
          <span className="rounded-full bg-brand-600 px-2 py-0.5 text-xs font-medium text-white">{t('popularBadge')}</span>
        ) : null}
      </div>
      {plan.description ? <p className="mt-1 text-sm text-zinc-600">{textIn(plan.description, locale)}</p> : null}
      <p className="mt-4">
        <span className="text-3xl font-semibold tracking-tight text-zinc-950">{formatMoney(price.unitAmount, price.currency, locale)}</span>
        <span className="text-sm text-zinc-600" data-testid="plan-interval">
          {' '}
          {seatBoundsOfProduct(plan.key)
            ? t('perSeatInterval', { interval: price.interval })
            : t('perInterval', { interval: price.interval })}
        </span>
      </p>
      {plan.trial ? (
        <p className="mt-1 text-sm font-medium text-brand-700" data-testid="plan-trial">
          {t(plan.trial.card === 'optional' ? 'trialNoCard' : 'trialWithCard', { days: plan.trial.days })}
        </p>
      ) : null}
      <ul className="mt-4 flex-1 space-y-2 text-sm text-zinc-700">
        {plan.features.map((feature, index) => (
          <li key={index} className="flex gap-2">
            <span aria-hidden="true" className="text-brand-600">
              ✓
            </span>
            {textIn(feature.text, locale)}
          </li>
        ))}
      </ul>
      <div className="mt-6">{action}</div>
    </li>
  );
}
