import 'server-only';
import { getLocale, getTranslations } from 'next-intl/server';
import type { SubscriptionDiscount } from '@/lib/db/schema';
import { discountValues, priceValues } from './billing-values';

/** "$29.00 / month", "29,00 $US tous les 3 mois", "Custom pricing", in this request's language. */
export async function priceText(price: Parameters<typeof priceValues>[0]): Promise<string> {
  const [t, locale] = await Promise.all([getTranslations('Subscription'), getLocale()]);
  const values = priceValues(price, locale);
  return values ? t('price', values) : t('customPricing');
}

/** "$19.00 per seat / month", "19,00 $US par siège / mois": a per-seat price. */
export async function perSeatPriceText(price: Parameters<typeof priceValues>[0]): Promise<string> {
  const [t, locale] = await Promise.all([getTranslations('Subscription'), getLocale()]);
  const values = priceValues(price, locale);
  return values ? t('perSeatPrice', values) : t('customPricing');
}

/** "25% off until March 3, 2027", "25 % de réduction jusqu’au 3 mars 2027". */
export async function discountText(discount: SubscriptionDiscount): Promise<string> {
  const [t, locale] = await Promise.all([getTranslations('Subscription'), getLocale()]);
  const values = discountValues(discount, locale);
  const what =
    values?.kind === 'percent'
      ? t('percentOff', { percent: values.percent })
      : values?.kind === 'amount'
        ? t('amountOff', { amount: values.amount })
        : t('discount');
  return discount.end ? t('discountUntil', { discount: what, date: new Date(discount.end) }) : what;
}
