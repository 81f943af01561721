import { randomBytes } from 'node:crypto';

// Random ids with Stripe's prefixes and lengths.

/**
 * Id prefixes and the length of the random part, as Stripe's own ids look (`cus_QXg1o8vcGmoR32`,
 * `sub_1Pgc6rB7WZ01zgkWNy0Cn5nw`, `cs_test_a1YS…`).
 */
export const ID_LENGTHS = {
  acct: 16,
  cus: 14,
  prod: 14,
  si: 14,
  sub: 24,
  price: 24,
  pm: 24,
  in: 24,
  il: 24,
  ii: 24,
  di: 24,
  evt: 24,
  we: 24,
  promo: 24,
  bpc: 24,
  bps: 24,
  cs_test: 58,
  txi: 24,
  sub_sched: 24,
  pi: 24,
  seti: 24,
  ch: 24,
  req: 14,
} as const;

export type IdPrefix = keyof typeof ID_LENGTHS;

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random string over `alphabet` (rejection sampling keeps it unbiased). */
export function randomString(length: number, alphabet = ALPHANUMERIC): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 256 - (256 % alphabet.length)) out += alphabet[byte % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}
