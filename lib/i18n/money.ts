/**
 * Amounts as Stripe sends them (integers in the currency's minor unit) turned into
 * text with `Intl.NumberFormat`.
 *
 * How many minor units make one major unit is Stripe's API rule, not ISO 4217's,
 * because the integer came from Stripe: its zero-decimal currencies are sent as
 * whole units (¥500 is 500), its three-decimal ones in thousandths (BHD 1.500 is
 * 1500), and every other currency in hundredths — including ISK and HUF, which
 * Stripe keeps two-decimal in its API although Intl (CLDR) shows them in whole
 * units, and TWD, which Stripe pays out in whole units only. Using Intl's digits as
 * the divisor instead would show ISK and HUF a hundred times too large. How many
 * digits are *shown* is Intl's choice, so ISK 100000 reads "ISK 1,000".
 * https://docs.stripe.com/currencies#zero-decimal
 *
 * The emulator package keeps its own copy of the zero-decimal list (its resources/amounts.ts): the
 * app must build without that package, and the package must run without the app.
 */

export const STRIPE_ZERO_DECIMAL = [
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
] as const;

export const STRIPE_THREE_DECIMAL = ['bhd', 'jod', 'kwd', 'omr', 'tnd'] as const;

const zeroDecimal = new Set<string>(STRIPE_ZERO_DECIMAL);
const threeDecimal = new Set<string>(STRIPE_THREE_DECIMAL);

/** The power of ten between Stripe's integer amount and one unit of `currency`. */
export function stripeMinorUnitExponent(currency: string): 0 | 2 | 3 {
  const code = currency.toLowerCase();
  if (zeroDecimal.has(code)) return 0;
  if (threeDecimal.has(code)) return 3;
  return 2;
}

/** "$29.00" in English, "29,00 $US" in French, "¥500", "BHD 1.500": the amount in `locale`'s way. */
export function formatMoney(amount: number, currency: string, locale: string): string {
  const value = amount / 10 ** stripeMinorUnitExponent(currency);
  return new Intl.NumberFormat(locale, { style: 'currency', currency: currency.toUpperCase() }).format(value);
}
