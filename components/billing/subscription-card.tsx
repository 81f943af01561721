import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { seatBoundsOfPrice } from '@/lib/billing/seats';
import { ending, endDate, isCancelling, isLive } from '@/lib/billing/subscription-state';
import type { Subscription } from '@/lib/db/schema';
import { discountText, perSeatPriceText, priceText } from '@/lib/i18n/billing-text';

const statusStyles: Record<string, string> = {
  active: 'bg-emerald-50 text-emerald-800 ring-emerald-600/20',
  trialing: 'bg-sky-50 text-sky-800 ring-sky-600/20',
  past_due: 'bg-amber-50 text-amber-800 ring-amber-600/20',
  unpaid: 'bg-red-50 text-red-800 ring-red-600/20',
  canceled: 'bg-zinc-100 text-zinc-700 ring-zinc-500/20',
};

/** One subscription on the account page: what it is, where it stands, and its buttons. */
export async function SubscriptionCard({
  subscription,
  actions,
  seatStepper,
}: {
  subscription: Subscription;
  actions?: ReactNode;
  /** The form that changes the seat count, for a per-seat plan that can change. */
  seatStepper?: ReactNode;
}) {
  const t = await getTranslations('Subscription');
  const cancelling = isCancelling(subscription);
  const ended = isLive(subscription) ? null : ending(subscription);
  const label = t(`status.${cancelling ? 'cancelling' : subscription.status}`);
  const style = cancelling ? statusStyles.past_due : (statusStyles[subscription.status] ?? statusStyles.canceled);
  const perSeat = seatBoundsOfPrice(subscription.priceLookupKey) !== null;
  const [price, discount, seatPrice] = await Promise.all([
    priceText(subscription),
    subscription.discount ? discountText(subscription.discount) : null,
    perSeat ? perSeatPriceText(subscription) : null,
  ]);
  const end = endDate(subscription);
  const paused = subscription.status === 'paused';

  return (
    <li
      className="rounded-lg border border-zinc-200 bg-white p-5 shadow-sm"
      data-testid="subscription"
      data-subscription-id={subscription.id}
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h3 className="text-base font-semibold text-zinc-950">
            {subscription.productName}
            {subscription.quantity > 1 && !perSeat ? <span className="font-normal text-zinc-500"> × {subscription.quantity}</span> : null}
          </h3>
          <p className="text-sm text-zinc-600" data-testid="subscription-price">
            {price}
          </p>
        </div>
        <span className={`rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ring-inset ${style}`} data-testid="subscription-status">
          {label}
        </span>
      </div>
      <dl className="mt-3 space-y-1 text-sm text-zinc-700">
        {seatPrice ? (
          <div>
            <dt className="sr-only">{t('seatsLabel')}</dt>
            <dd data-testid="subscription-seats" data-seats={subscription.quantity}>
              {t('seats', { seats: subscription.quantity, price: seatPrice })}
            </dd>
          </div>
        ) : null}
        {paused ? (
          <div>
            <dt className="sr-only">{t('pausedLabel')}</dt>
            <dd data-testid="subscription-paused">
              {subscription.resumesAt ? t('pausedUntil', { date: subscription.resumesAt }) : t('pausedIndefinitely')}
            </dd>
          </div>
        ) : null}
        {subscription.pendingChangeAt && isLive(subscription) ? (
          <div>
            <dt className="sr-only">{t('changeLabel')}</dt>
            <dd data-testid="subscription-pending-change">
              {t('changesOn', { product: subscription.pendingProductName ?? t('changeLabel'), date: subscription.pendingChangeAt })}
            </dd>
          </div>
        ) : null}
        {cancelling && subscription.status === 'trialing' && subscription.trialEnd ? (
          <div>
            <dt className="sr-only">{t('trialLabel')}</dt>
            <dd data-testid="subscription-trial">{t('trialEndsOn', { date: subscription.trialEnd })}</dd>
          </div>
        ) : null}
        {cancelling && end ? (
          <div data-testid="subscription-ending">
            <dt className="sr-only">{t('endsLabel')}</dt>
            <dd>{t('cancelsOn', { date: end })}</dd>
          </div>
        ) : null}
        {ended ? (
          <div data-testid="subscription-ending">
            <dt className="sr-only">{t('endedLabel')}</dt>
            <dd>{ended.kind === 'ended' ? t('endedOn', { date: ended.date }) : t('hasEnded')}</dd>
          </div>
        ) : null}
        {isLive(subscription) && !cancelling && !paused && subscription.currentPeriodEnd ? (
          <div>
            <dt className="sr-only">{t('renewsLabel')}</dt>
            <dd data-testid={subscription.status === 'trialing' && subscription.trialEnd ? 'subscription-trial' : 'subscription-renews'}>
              {subscription.status === 'trialing' && subscription.trialEnd
                ? t('trialEndsOn', { date: subscription.trialEnd })
                : t('renewsOn', { date: subscription.currentPeriodEnd })}
            </dd>
          </div>
        ) : null}
        {discount ? (
          <div data-testid="subscription-discount">
            <dt className="sr-only">{t('discountLabel')}</dt>
            <dd className="text-emerald-700">{discount}</dd>
          </div>
        ) : null}
      </dl>
      {seatStepper ? <div className="mt-4">{seatStepper}</div> : null}
      {actions ? <div className="mt-4 flex flex-wrap items-start gap-3">{actions}</div> : null}
    </li>
  );
}
