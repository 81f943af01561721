import type { ReactNode } from 'react';
import { describeEnding, endDate, formatDate, formatMoney, formatPrice, isCancelling, isLive } from '@/lib/billing/subscription-state';
import type { Subscription } from '@/lib/db/schema';

const statusStyles: Record<string, string> = {
  active: 'bg-emerald-50 text-emerald-800 ring-emerald-600/20',
  trialing: 'bg-sky-50 text-sky-800 ring-sky-600/20',
  past_due: 'bg-amber-50 text-amber-800 ring-amber-600/20',
  unpaid: 'bg-red-50 text-red-800 ring-red-600/20',
  canceled: 'bg-zinc-100 text-zinc-700 ring-zinc-500/20',
};

const statusLabels: Record<string, string> = {
  active: 'Active',
  trialing: 'Trial',
  past_due: 'Payment due',
  unpaid: 'Unpaid',
  canceled: 'Canceled',
  incomplete: 'Incomplete',
  incomplete_expired: 'Expired',
  paused: 'Paused',
};

function discountText(subscription: Subscription) {
  const discount = subscription.discount;
  if (!discount) return null;
  const amount =
    discount.percentOff !== null
      ? `${discount.percentOff}% off`
      : discount.amountOff !== null && discount.currency
        ? `${formatMoney(discount.amountOff, discount.currency)} off`
        : 'Discount';
  const until = discount.end ? ` until ${formatDate(new Date(discount.end))}` : '';
  return `${discount.name ?? amount}${discount.name ? ` (${amount})` : ''}${until}`;
}

/** One subscription on the account page: what it is, where it stands, and its buttons. */
export function SubscriptionCard({ subscription, actions }: { subscription: Subscription; actions?: ReactNode }) {
  const cancelling = isCancelling(subscription);
  const ending = describeEnding(subscription);
  const label = cancelling ? 'Cancels soon' : (statusLabels[subscription.status] ?? subscription.status);
  const style = cancelling ? statusStyles.past_due : (statusStyles[subscription.status] ?? statusStyles.canceled);
  const discount = discountText(subscription);
  const end = endDate(subscription);

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
            {subscription.quantity > 1 ? <span className="font-normal text-zinc-500"> × {subscription.quantity}</span> : null}
          </h3>
          <p className="text-sm text-zinc-600" data-testid="subscription-price">
            {formatPrice(subscription)}
          </p>
        </div>
        <span className={`rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ring-inset ${style}`} data-testid="subscription-status">
          {label}
        </span>
      </div>
      <dl className="mt-3 space-y-1 text-sm text-zinc-700">
        {cancelling && end ? (
          <div data-testid="subscription-ending">
            <dt className="sr-only">Ends</dt>
            <dd>Cancels on {formatDate(end)}</dd>
          </div>
        ) : null}
        {!isLive(subscription) && ending ? (
          <div data-testid="subscription-ending">
            <dt className="sr-only">Ended</dt>
            <dd className="first-letter:uppercase">{ending}</dd>
          </div>
        ) : null}
        {isLive(subscription) && !cancelling && subscription.currentPeriodEnd ? (
          <div>
            <dt className="sr-only">Renews</dt>
            <dd>
              {subscription.status === 'trialing' && subscription.trialEnd
                ? `Trial ends on ${formatDate(subscription.trialEnd)}`
                : `Renews on ${formatDate(subscription.currentPeriodEnd)}`}
            </dd>
          </div>
        ) : null}
        {discount ? (
          <div data-testid="subscription-discount">
            <dt className="sr-only">Discount</dt>
            <dd className="text-emerald-700">{discount}</dd>
          </div>
        ) : null}
      </dl>
      {actions ? <div className="mt-4 flex flex-wrap items-start gap-3">{actions}</div> : null}
    </li>
  );
}
