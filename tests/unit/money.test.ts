import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import { discountValues, priceValues } from '@/lib/i18n/billing-values';
import { formatMoney, STRIPE_THREE_DECIMAL, STRIPE_ZERO_DECIMAL, stripeMinorUnitExponent } from '@/lib/i18n/money';
import type { Messages } from '@/lib/i18n/messages';
import en from '@/messages/en.json';
import fr from '@/messages/fr.json';

// Intl's French puts a narrow no-break space (U+202F) between thousands and before
// the currency sign, and a no-break space (U+00A0) in some places; spelt out here.
const NNBSP = '\u202f';
const NBSP = '\u00a0';

describe('formatMoney: Stripe amounts in each currency’s own minor unit', () => {
  it('USD in English: cents', () => {
    expect(formatMoney(2900, 'usd', 'en')).toBe('$29.00');
    expect(formatMoney(123456789, 'usd', 'en')).toBe('$1,234,567.89');
  });

  it('EUR in French: comma decimals, narrow no-break spaces, the sign after the amount', () => {
    expect(formatMoney(2900, 'eur', 'fr')).toBe(`29,00${NBSP}€`);
    expect(formatMoney(123456789, 'eur', 'fr')).toBe(`1${NNBSP}234${NNBSP}567,89${NBSP}€`);
    expect(formatMoney(2900, 'usd', 'fr')).toBe(`29,00${NBSP}$US`);
  });

  it('JPY and KRW are zero-decimal: 500 is ¥500, not ¥5.00', () => {
    expect(formatMoney(500, 'jpy', 'en')).toBe('¥500');
    expect(formatMoney(500, 'jpy', 'fr')).toBe(`500${NBSP}JPY`);
    expect(formatMoney(15000, 'krw', 'en')).toBe('₩15,000');
  });

  it('BHD, KWD, JOD, OMR and TND are three-decimal: 1500 is 1.500', () => {
    expect(formatMoney(1500, 'bhd', 'en')).toBe(`BHD${NBSP}1.500`);
    expect(formatMoney(1500, 'kwd', 'fr')).toBe(`1,500${NBSP}KWD`);
    expect(formatMoney(29990, 'tnd', 'en')).toBe(`TND${NBSP}29.990`);
  });

  it('ISK and HUF are two-decimal in Stripe’s API but shown in whole units, as Intl shows them', () => {
    expect(stripeMinorUnitExponent('isk')).toBe(2);
    expect(formatMoney(100000, 'isk', 'en')).toBe(`ISK${NBSP}1,000`);
    expect(stripeMinorUnitExponent('huf')).toBe(2);
    expect(formatMoney(150000, 'huf', 'en')).toBe(`HUF${NBSP}1,500`);
  });

  it('TWD is two-decimal in Stripe’s API and in Intl', () => {
    expect(formatMoney(9900, 'twd', 'en')).toBe('NT$99.00');
  });

  it('agrees with Intl (ISO 4217) on the digits of every zero- and three-decimal currency of Stripe’s', () => {
    const digits = (currency: string) =>
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
    for (const currency of STRIPE_ZERO_DECIMAL) expect([currency, digits(currency)]).toEqual([currency, 0]);
    for (const currency of STRIPE_THREE_DECIMAL) expect([currency, digits(currency)]).toEqual([currency, 3]);
  });
});

const messages = { en, fr } as unknown as Record<'en' | 'fr', Messages>;
const translator = (locale: 'en' | 'fr') =>
  createTranslator({ locale, messages: messages[locale], namespace: 'Subscription', timeZone: 'UTC' });

describe('prices and dates in the customer’s language', () => {
  const monthly = { unitAmount: 2900, currency: 'usd', interval: 'month' as const, intervalCount: 1 };

  it('prices per interval, with plural forms from the message, not concatenation', () => {
    const t = translator('en');
    expect(t('price', priceValues(monthly, 'en')!)).toBe('$29.00 / month');
    expect(t('price', priceValues({ ...monthly, unitAmount: 29000, interval: 'year' }, 'en')!)).toBe('$290.00 / year');
    expect(t('price', priceValues({ ...monthly, intervalCount: 3 }, 'en')!)).toBe('$29.00 every 3 months');
    expect(t('price', priceValues({ ...monthly, interval: null }, 'en')!)).toBe('$29.00');
    expect(priceValues({ ...monthly, unitAmount: null }, 'en')).toBeNull();
  });

  it('prices in French', () => {
    const t = translator('fr');
    expect(t('price', priceValues({ ...monthly, currency: 'eur' }, 'fr')!)).toBe(`29,00${NBSP}€ / mois`);
    expect(t('price', priceValues({ ...monthly, currency: 'eur', interval: 'week', intervalCount: 2 }, 'fr')!)).toBe(
      `29,00${NBSP}€ toutes les 2 semaines`,
    );
    expect(t('price', priceValues({ ...monthly, currency: 'jpy', unitAmount: 500, interval: 'year', intervalCount: 2 }, 'fr')!)).toBe(
      `500${NBSP}JPY tous les 2 ans`,
    );
  });

  it('"renews on" and other dates, in UTC, per language', () => {
    const date = new Date('2027-03-01T23:30:00Z');
    expect(translator('en')('renewsOn', { date })).toBe('Renews on March 1, 2027');
    expect(translator('fr')('renewsOn', { date })).toBe('Renouvellement le 1 mars 2027');
    expect(translator('en')('cancelsOn', { date })).toBe('Cancels on March 1, 2027');
    expect(translator('fr')('cancelsOn', { date })).toBe('Résiliation le 1 mars 2027');
  });

  it('discounts: Intl’s percent, the amount in the coupon’s currency, and until when', () => {
    const base = { couponId: 'c', name: null, duration: 'repeating', end: null, percentOff: null, amountOff: null, currency: null };
    const percent = discountValues({ ...base, percentOff: 25 }, 'fr');
    expect(percent).toEqual({ kind: 'percent', percent: 0.25 });
    expect(translator('en')('percentOff', { percent: 0.25 })).toBe('25% off');
    expect(translator('fr')('percentOff', { percent: 0.25 })).toBe(`25${NBSP}% de réduction`);
    expect(discountValues({ ...base, amountOff: 500, currency: 'eur' }, 'fr')).toEqual({ kind: 'amount', amount: `5,00${NBSP}€` });
    expect(discountValues(base, 'en')).toBeNull();
    expect(translator('fr')('discountUntil', { discount: 'Fidélité', date: new Date('2027-01-05T00:00:00Z') })).toBe(
      'Fidélité jusqu’au 5 janvier 2027',
    );
  });
});
