import type { Metadata } from 'next';
import Link from 'next/link';
import { ActionForm } from '@/components/action-form';
import { currentUser } from '@/lib/auth';
import { loadPlans, type Plan } from '@/lib/billing/catalog';
import { formatMoney, isChangeable, isLive } from '@/lib/billing/subscription-state';
import { db } from '@/lib/db';
import { findSubscriptionsByCustomer, type UserWithCustomer } from '@/lib/db/queries';
import type { Subscription } from '@/lib/db/schema';
import { subscribeAction } from './actions';
import { SwitchPlanForm } from './switch-plan-form';

export const metadata: Metadata = { title: 'Pricing' };

type Interval = 'month' | 'year';

/** Null for a visitor, else the signed-in customer's live subscriptions. */
async function currentSubscriptions(user: UserWithCustomer | null): Promise<Subscription[] | null> {
  if (!user) return null;
  if (!user.stripeCustomerId) return [];
  return (await findSubscriptionsByCustomer(db, user.stripeCustomerId)).filter(isLive);
}

export default async function PricingPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const interval: Interval = (await searchParams).interval === 'year' ? 'year' : 'month';
  const [plans, subscriptions] = await Promise.all([loadPlans(db), currentUser().then(currentSubscriptions)]);

  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-3xl font-semibold tracking-tight text-zinc-950">Pricing</h1>
          <p className="mt-2 text-zinc-600">Simple plans, billed monthly or yearly. Change or cancel at any time.</p>
        </div>
        <nav aria-label="Billing interval" className="inline-flex rounded-lg border border-zinc-200 bg-white p-1 text-sm shadow-sm">
          {(['month', 'year'] as const).map((option) => (
            <Link
              key={option}
              href={option === 'year' ? '/pricing?interval=year' : '/pricing'}
              aria-current={interval === option ? 'page' : undefined}
              className={`rounded-md px-3 py-1.5 font-medium ${interval === option ? 'bg-brand-600 text-white' : 'text-zinc-700 hover:bg-zinc-50'}`}
            >
              {option === 'month' ? 'Monthly' : 'Yearly'}
            </Link>
          ))}
        </nav>
      </div>

      {plans.length === 0 ? (
        <div className="rounded-lg border border-dashed border-zinc-300 bg-white p-8 text-center">
          <h2 className="font-medium text-zinc-950">No plans are available yet</h2>
          <p className="mt-1 text-sm text-zinc-600">Plans appear here once billing has been set up for this site.</p>
        </div>
      ) : (
        <ul className="grid gap-6 md:grid-cols-3">
          {plans.map((plan) => (
            <PlanCard key={plan.key} plan={plan} interval={interval} subscriptions={subscriptions} />
          ))}
        </ul>
      )}
    </div>
  );
}

function PlanCard({ plan, interval, subscriptions }: { plan: Plan; interval: Interval; subscriptions: Subscription[] | null }) {
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
        Sign in to subscribe
      </Link>
    );
  } else if (subscriptions.length === 0) {
    action = (
      <ActionForm action={subscribeAction} fields={{ lookupKey: price.lookupKey }} pendingLabel="Opening checkout…" variant="primary" className="[&>button]:w-full">
        Subscribe
      </ActionForm>
    );
  } else if (current && changeable.length === 0) {
    action = <p className="rounded-md bg-zinc-100 px-4 py-2 text-center text-sm font-medium text-zinc-700">Your current plan</p>;
  } else if (changeable.length > 0) {
    action = (
      <SwitchPlanForm
        planName={plan.name}
        lookupKey={price.lookupKey}
        subscriptions={changeable.map((subscription) => ({
          id: subscription.id,
          label: `${subscription.productName} (${subscription.interval === 'year' ? 'yearly' : 'monthly'})`,
        }))}
      />
    );
  } else {
    action = <p className="text-center text-sm text-zinc-600">Your subscription is set to end; renew it from your account to switch.</p>;
  }

  return (
    <li
      className={`flex flex-col rounded-xl border bg-white p-6 shadow-sm ${plan.highlight ? 'border-brand-600 ring-1 ring-brand-600' : 'border-zinc-200'}`}
      data-testid="plan"
      data-plan={plan.key}
    >
      <div className="flex items-center justify-between gap-2">
        <h2 className="text-lg font-semibold text-zinc-950">{plan.name}</h2>
        {current ? <span className="rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-700">Current</span> : null}
        {!current && plan.highlight ? (
          <span className="rounded-full bg-brand-600 px-2 py-0.5 text-xs font-medium text-white">Popular</span>
        ) : null}
      </div>
      {plan.description ? <p className="mt-1 text-sm text-zinc-600">{plan.description}</p> : null}
      <p className="mt-4">
        <span className="text-3xl font-semibold tracking-tight text-zinc-950">{formatMoney(price.unitAmount, price.currency)}</span>
        <span className="text-sm text-zinc-600"> / {price.interval}</span>
      </p>
      <ul className="mt-4 flex-1 space-y-2 text-sm text-zinc-700">
        {plan.features.map((feature) => (
          <li key={feature} className="flex gap-2">
            <span aria-hidden="true" className="text-brand-600">✓</span>
            {feature}
          </li>
        ))}
      </ul>
      <div className="mt-6">{action}</div>
    </li>
  );
}
