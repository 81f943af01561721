import { describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/env';
import { envProblems } from '../support/env-problems';

// The job queue's and Stripe budget's variables (lib/env.ts).

describe('the sync queue and the Stripe budget in parseEnv', () => {
  it('defaults: 4 workers, a one-second debounce, a catch-up every 10 minutes, 20 requests/s (80 with a live key)', () => {
    const env = parseEnv({});
    expect(env.sync).toEqual({ workers: 4, debounceMs: 1000, catchUpMinutes: 10 });
    expect(env.stripe.rateLimit).toBe(20);
    expect(parseEnv({ STRIPE_SECRET_KEY: 'sk_test_abc' }).stripe.rateLimit).toBe(20);
    expect(parseEnv({ STRIPE_SECRET_KEY: 'sk_live_abc' }).stripe.rateLimit).toBe(80);
  });

  it('reads each variable, and refuses one set but blank', () => {
    const env = parseEnv({
      DATABASE_URL: 'postgres://localhost/db',
      SYNC_WORKERS: '0',
      SYNC_DEBOUNCE_MS: '250',
      STRIPE_CATCH_UP_MINUTES: '15',
      STRIPE_RATE_LIMIT: '12',
    });
    expect(env.sync).toEqual({ workers: 0, debounceMs: 250, catchUpMinutes: 15 });
    expect(env.stripe.rateLimit).toBe(12);
    expect(parseEnv({}).sync.workers).toBe(4);
    expect(() => parseEnv({ SYNC_WORKERS: '' })).toThrow(/SYNC_WORKERS is set but blank/);
    expect(() => parseEnv({ STRIPE_RATE_LIMIT: ' ' })).toThrow(/STRIPE_RATE_LIMIT is set but blank/);
    expect(parseEnv({ STRIPE_CATCH_UP_MINUTES: '0' }).sync.catchUpMinutes).toBe(0);
  });

  it.each([
    [{ STRIPE_RATE_LIMIT: '0' }, /^STRIPE_RATE_LIMIT must be a whole number of requests per second, 1 to 1000 \(got "0"\)/],
    [{ STRIPE_RATE_LIMIT: '2.5' }, /^STRIPE_RATE_LIMIT must be a whole number of requests per second/],
    [{ SYNC_WORKERS: '51' }, /^SYNC_WORKERS must be a whole number of concurrent syncs, 0 to 50/],
    [{ SYNC_WORKERS: 'many' }, /^SYNC_WORKERS must be a whole number/],
    [{ SYNC_DEBOUNCE_MS: '1s' }, /^SYNC_DEBOUNCE_MS must be a whole number of milliseconds, 0 to 60000/],
    [{ SYNC_DEBOUNCE_MS: '60001' }, /^SYNC_DEBOUNCE_MS must be a whole number of milliseconds/],
    [
      { STRIPE_CATCH_UP_MINUTES: '7' },
      /^STRIPE_CATCH_UP_MINUTES must be 0 \(off\) or a number of minutes that divides an hour: 1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60/,
    ],
    [{ SYNC_WORKERS: '0' }, /^SYNC_WORKERS must be at least 1 with the embedded database/],
  ])('refuses %j with a message naming the variable', (source, message) => {
    expect(envProblems(source)).toEqual([expect.stringMatching(message)]);
  });
});
