import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { ActionForm } from '@/components/action-form';
import { SubscriptionCard } from '@/components/billing/subscription-card';
import { seatBoundsOfPrice } from '@/lib/billing/seats';
import { isChangeable, isLive, needsCardForTrial } from '@/lib/billing/subscription-state';
import { db } from '@/lib/db';
import { findCustomerByUserId, findPaymentMethodsByCustomer, findSubscriptionsByCustomer, type UserWithCustomer } from '@/lib/db/queries';
import type { Subscription } from '@/lib/db/schema';
import { perSeatPriceText } from '@/lib/i18n/billing-text';
import { AccountHeader } from './account-header';
import { AccountSection } from './account-section';
import { changeSeatsAction, manageBillingAction, updateCardAction } from './actions';
import { BillingDetails } from './billing-details';
import { PlanUnlocks } from './plan-unlocks';
import { SeatStepper } from './seat-stepper';
import { SubscriptionActions } from './subscription-actions';

/** A banner message's emphasis (`<strong>` in its translation). */
const strong = (chunks: ReactNode) => <strong className="font-semibold">{chunks}</strong>;

const BANNER_TONES = {
  warning: { box: 'border-amber-300 bg-amber-50', text: 'text-amber-900' },
  info: { box: 'border-sky-300 bg-sky-50', text: 'text-sky-900' },
};

/** A banner above the sections: what needs the customer's attention, and the button that fixes it. */
function Banner({
  tone,
  role,
  testId,
  children: [message, action],
}: {
  tone: keyof typeof BANNER_TONES;
  role: 'alert' | 'status';
  testId?: string;
  children: [ReactNode, ReactNode];
}) {
  const { box, text } = BANNER_TONES[tone];
  return (
    <div role={role} data-testid={testId} className={`flex flex-wrap items-center justify-between gap-3 rounded-lg border p-4 ${box}`}>
      <p className={`text-sm ${text}`}>{message}</p>
      {action}
    </div>
  );
}

function brandName(brand: string) {
  const names: Record<string, string> = { visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express', discover: 'Discover' };
  return names[brand] ?? brand.charAt(0).toUpperCase() + brand.slice(1);
}

/**
 * The account page's content, also shown by the landing pages under a notice.
 * Reads only our database: rendering it never calls Stripe.
 */
export async function AccountView({ user, notice }: { user: UserWithCustomer; notice?: ReactNode }) {
  const customer = user.stripeCustomerId;
  const [subscriptions, cards, customerRow] = customer
    ? await Promise.all([
        findSubscriptionsByCustomer(db, customer),
        findPaymentMethodsByCustomer(db, customer),
        findCustomerByUserId(db, user.id),
      ])
    : [[], [], null];
  const live = subscriptions.filter(isLive);
  const ended = subscriptions.filter((subscription) => !isLive(subscription));
  const card = cards.find((method) => method.isDefault) ?? null;
  const paymentProblem = live.find((subscription) => subscription.status === 'past_due' || subscription.status === 'unpaid');
  const trialWithoutCard = live.find((subscription) => needsCardForTrial(subscription, customerRow?.hasDefaultPaymentMethod ?? false));
  const t = await getTranslations('Account');
  const opening = t('opening');

  /** The seat stepper, for a per-seat plan whose subscription can change. */
  async function seatStepperFor(subscription: Subscription) {
    const bounds = seatBoundsOfPrice(subscription.priceLookupKey);
    if (!bounds || !isChangeable(subscription)) return undefined;
    return (
      <SeatStepper
        action={changeSeatsAction}
        subscriptionId={subscription.id}
        current={subscription.quantity}
        minimum={bounds.minimum}
        maximum={bounds.maximum}
        unitPrice={await perSeatPriceText(subscription)}
        labels={{
          legend: t('seatsLegend'),
          input: t('seatsLabel'),
          fewer: t('fewerSeats'),
          more: t('moreSeats'),
          submit: t('updateSeats'),
          pending: opening,
          range: t('seatsRange', { minimum: bounds.minimum, maximum: bounds.maximum === null ? 'none' : String(bounds.maximum) }),
        }}
      />
    );
  }

  return (
    <div className="space-y-8">
      <AccountHeader email={user.email ?? ''} />
      {notice}

      {paymentProblem ? (
        <Banner tone="warning" role="alert">
          {t.rich(paymentProblem.status === 'past_due' ? 'paymentGrace' : 'paymentFailed', {
            product: paymentProblem.productName,
            strong,
          })}
          <ActionForm action={updateCardAction} pendingLabel={opening} variant="primary">
            {t('updateCard')}
          </ActionForm>
        </Banner>
      ) : null}

      {trialWithoutCard?.trialEnd ? (
        <Banner tone="info" role="status" testId="trial-no-card">
          {t.rich('trialNoCard', {
            product: trialWithoutCard.productName,
            date: trialWithoutCard.trialEnd,
            strong,
          })}
          <ActionForm action={updateCardAction} pendingLabel={opening} variant="primary">
            {t('addACard')}
          </ActionForm>
        </Banner>
      ) : null}

      <AccountSection
        variant="plain"
        headingId="subscriptions-heading"
        heading={t('subscriptionsHeading', { count: live.length })}
        action={
          customer ? (
            <ActionForm action={manageBillingAction} pendingLabel={opening}>
              {t('manageBilling')}
            </ActionForm>
          ) : null
        }
      >
        {live.length === 0 ? (
          <div className="rounded-lg border border-dashed border-zinc-300 bg-white p-6" data-testid="no-subscription">
            <p className="text-sm text-zinc-600">{ended.length ? t('noActiveSubscription') : t('noSubscriptionYet')}</p>
            <Link
              href="/pricing"
              className="mt-4 inline-flex rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-700"
            >
              {t('seePlans')}
            </Link>
          </div>
        ) : (
          <ul className="space-y-4">
            {await Promise.all(
              live.map(async (subscription) => (
                <SubscriptionCard
                  key={subscription.id}
                  subscription={subscription}
                  seatStepper={await seatStepperFor(subscription)}
                  actions={<SubscriptionActions subscription={subscription} />}
                />
              )),
            )}
          </ul>
        )}
      </AccountSection>

      {customer ? (
        <AccountSection
          headingId="card-heading"
          heading={t('paymentMethod')}
          summary={
            card ? (
              <p className="mt-1 text-sm text-zinc-700" data-testid="default-card">
                {t.rich('card', {
                  brand: brandName(card.brand),
                  last4: card.last4,
                  month: String(card.expMonth).padStart(2, '0'),
                  year: String(card.expYear),
                  digits: (chunks) => <span data-testid="card-last4">{chunks}</span>,
                })}
              </p>
            ) : (
              <p className="mt-1 text-sm text-zinc-600" data-testid="no-card">
                {t('noCard')}
              </p>
            )
          }
          action={
            <ActionForm action={updateCardAction} pendingLabel={opening}>
              {card ? t('updateCard') : t('addCard')}
            </ActionForm>
          }
        />
      ) : null}

      {customerRow ? <BillingDetails customer={customerRow} /> : null}

      {customer ? <PlanUnlocks subscriptions={live} /> : null}

      {ended.length ? (
        <section aria-labelledby="history-heading" className="space-y-3">
          <h2 id="history-heading" className="text-base font-semibold text-zinc-950">
            {t('pastSubscriptions')}
          </h2>
          <ul className="space-y-3">
            {ended.map((subscription) => (
              <SubscriptionCard key={subscription.id} subscription={subscription} />
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
