import type { Subscription, SubscriptionDiscount } from '@/lib/db/schema';
import { formatMoney } from './money';

/**
 * Values for the billing messages (`Subscription.price`, `Subscription.percentOff`, …),
 * with amounts already formatted for `locale`: the messages decide the words and the
 * plural forms, Intl the numbers.
 */

type PriceFields = Pick<Subscription, 'unitAmount' | 'currency' | 'interval' | 'intervalCount'>;

/** For `Subscription.price`; null when the price has no unit amount (tiered or custom). */
export function priceValues(price: PriceFields, locale: string) {
  if (price.unitAmount === null) return null;
  return {
    amount: formatMoney(price.unitAmount, price.currency, locale),
    interval: price.interval ?? 'none',
    count: price.intervalCount,
  };
}

/** For `Subscription.percentOff` or `Subscription.amountOff`; null when Stripe gave neither. */
export function discountValues(discount: SubscriptionDiscount, locale: string) {
  if (discount.percentOff !== null) return { kind: 'percent', percent: discount.percentOff / 100 } as const;
  if (discount.amountOff !== null && discount.currency) {
    return { kind: 'amount', amount: formatMoney(discount.amountOff, discount.currency, locale) } as const;
  }
  return null;
}
