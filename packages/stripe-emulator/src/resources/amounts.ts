import type Stripe from 'stripe';

/**
 * A decimal-string field (`unit_amount_decimal`, `quantity_decimal`). On the wire it is a string;
 * the SDK turns it into its `Decimal` class on the client side, which is what its type describes.
 * The emulator is the wire, so it stores the string.
 */
export function decimal(value: number | string): Stripe.Decimal {
  return String(value) as unknown as Stripe.Decimal;
}

/**
 * Stripe's zero-decimal currencies (https://docs.stripe.com/currencies#zero-decimal). The app keeps
 * its own copy in lib/i18n/money.ts on purpose: neither package may import the other (a fork
 * deletes this one; the packed emulator runs without the app).
 */
const ZERO_DECIMAL_CURRENCIES = new Set([
  'bif',
  'clp',
  'djf',
  'gnf',
  'jpy',
  'kmf',
  'krw',
  'mga',
  'pyg',
  'rwf',
  'ugx',
  'vnd',
  'vuv',
  'xaf',
  'xof',
  'xpf',
]);

/** Whether Stripe writes `currency`'s amounts in whole units (JPY) rather than hundredths. */
export function isZeroDecimal(currency: string): boolean {
  return ZERO_DECIMAL_CURRENCIES.has(currency.toLowerCase());
}

/** `2000, 'usd'` → `$20.00`, as Stripe writes amounts into line descriptions. */
export function formatAmount(amount: number, currency: string): string {
  const zeroDecimal = isZeroDecimal(currency);
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: currency.toUpperCase(),
    minimumFractionDigits: zeroDecimal ? 0 : 2,
  }).format(zeroDecimal ? amount : amount / 100);
}

export type Interval = 'day' | 'week' | 'month' | 'year';

/**
 * Adds `count` intervals to a Unix timestamp on the UTC calendar. Months keep the day of the
 * anchor, clamped to the end of shorter months (Jan 31 + 1 month = Feb 28/29), as Stripe bills.
 */
export function addInterval(timestamp: number, interval: Interval, count: number, anchor = timestamp): number {
  const date = new Date(timestamp * 1000);
  switch (interval) {
    case 'day':
      return timestamp + count * 86_400;
    case 'week':
      return timestamp + count * 7 * 86_400;
    case 'month':
    case 'year': {
      const months = interval === 'year' ? count * 12 : count;
      const anchorDay = new Date(anchor * 1000).getUTCDate();
      const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
      const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
      target.setUTCDate(Math.min(anchorDay, lastDay));
      target.setUTCHours(date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds());
      return Math.floor(target.getTime() / 1000);
    }
  }
}

/** `20 Nov 2025`, the date format of proration line descriptions. */
export function formatDate(timestamp: number): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(timestamp * 1000),
  );
}
