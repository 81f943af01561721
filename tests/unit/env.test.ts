import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '@/lib/env';

function problemsOf(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error.problems;
    throw error;
  }
  throw new Error('expected parseEnv to throw');
}

describe('parseEnv', () => {
  it('defaults to emulator mode, localhost:3000 and the embedded database', () => {
    const env = parseEnv({});
    expect(env.stripe.mode).toBe('emulator');
    expect(env.stripe.secretKey).toMatch(/^sk_test_/);
    expect(env.stripe.webhookSecret).toBe('whsec_emulator');
    expect(env.appUrl).toBe('http://localhost:3000');
    expect(env.port).toBe(3000);
    expect(env.databaseUrl).toBeUndefined();
    expect(env.auth.demo).toBe(true);
    expect(env.auth.github).toBeUndefined();
  });

  it('switches to stripe mode with a key and turns demo sign-in off', () => {
    const env = parseEnv({ STRIPE_SECRET_KEY: 'sk_test_abc123', STRIPE_WEBHOOK_SECRET: 'whsec_abc' });
    expect(env.stripe.mode).toBe('stripe');
    expect(env.stripe.secretKey).toBe('sk_test_abc123');
    expect(env.stripe.webhookSecret).toBe('whsec_abc');
    expect(env.auth.demo).toBe(false);
    expect(parseEnv({ STRIPE_SECRET_KEY: 'sk_test_abc123', AUTH_DEMO: 'true' }).auth.demo).toBe(true);
  });

  it('takes the port from a local APP_URL, and PORT over it', () => {
    expect(parseEnv({ APP_URL: 'http://localhost:3107' }).port).toBe(3107);
    expect(parseEnv({ APP_URL: 'https://billing.example.com' }).port).toBe(3000);
    expect(parseEnv({ APP_URL: 'https://billing.example.com', PORT: '8080' }).port).toBe(8080);
  });

  it('treats empty strings as unset', () => {
    const env = parseEnv({ STRIPE_SECRET_KEY: '', DATABASE_URL: '  ', AUTH_DEMO: '', PORT: '', EMULATOR_PORT: '' });
    expect(env.stripe.mode).toBe('emulator');
    expect(env.port).toBe(3000);
    expect(env.stripe.emulator.port).toBe(12111);
    expect(env.databaseUrl).toBeUndefined();
  });

  it.each([
    [{ APP_URL: 'localhost:3000' }, /^APP_URL must be an absolute http\(s\) origin/],
    [{ APP_URL: 'http://localhost:3000/app' }, /^APP_URL must be an absolute http\(s\) origin with no path/],
    [{ APP_URL: 'ftp://example.com' }, /^APP_URL /],
    [{ STRIPE_SECRET_KEY: 'pk_test_123' }, /^STRIPE_SECRET_KEY must be a Stripe secret key/],
    [{ STRIPE_WEBHOOK_SECRET: 'secret' }, /^STRIPE_WEBHOOK_SECRET must be a webhook signing secret starting with whsec_/],
    [{ DATABASE_URL: 'mysql://localhost/db' }, /^DATABASE_URL must be a postgres:\/\//],
    [{ EMULATOR_PORT: 'abc' }, /^EMULATOR_PORT must be a port number/],
    [{ EMULATOR_PORT: '70000' }, /^EMULATOR_PORT must be a port number/],
    [{ AUTH_DEMO: 'yes' }, /^AUTH_DEMO must be "true" or "false"/],
    [{ STRIPE_TIMEOUT_MS: '10s' }, /^STRIPE_TIMEOUT_MS must be a whole number of milliseconds/],
    [{ STRIPE_TIMEOUT_MS: '100' }, /^STRIPE_TIMEOUT_MS must be a whole number of milliseconds/],
    [{ AUTH_SECRET: 'short' }, /^AUTH_SECRET must be at least 32 characters/],
    [{ AUTH_GITHUB_ID: 'abc' }, /^AUTH_GITHUB_SECRET is required when the other GitHub OAuth variable is set/],
    [{ EMAIL_SERVER: 'smtp://mail.example.com' }, /^EMAIL_FROM is required when EMAIL_SERVER is set/],
    [{ NODE_ENV: 'production' }, /^AUTH_SECRET is required in production/],
    [{ BILLING_LANDING_SYNC: 'no' }, /^BILLING_LANDING_SYNC must be "on" or "off"/],
    [{ BILLING_LANDING_SYNC: 'off', STRIPE_SECRET_KEY: 'sk_test_abc' }, /^BILLING_LANDING_SYNC is a test switch for emulator mode only/],
  ])('rejects %j with a message naming the variable', (source, message) => {
    const problems = problemsOf(source);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it('refuses demo sign-in with a live key', () => {
    const problems = problemsOf({ STRIPE_SECRET_KEY: 'sk_live_abc123', AUTH_DEMO: 'true' });
    expect(problems).toEqual([expect.stringMatching(/^AUTH_DEMO must not be "true" with a live Stripe key/)]);
    expect(parseEnv({ STRIPE_SECRET_KEY: 'sk_live_abc123' }).auth.demo).toBe(false);
  });

  it('lists every problem at once and does not echo secrets in full', () => {
    const problems = problemsOf({ APP_URL: 'nope', STRIPE_SECRET_KEY: 'sk_test_has-bad-chars-0123456789' });
    expect(problems).toHaveLength(2);
    const message = new EnvError(problems).message;
    expect(message).toContain('APP_URL');
    expect(message).toContain('STRIPE_SECRET_KEY');
    expect(message).not.toContain('0123456789');
  });

  it('lets `next build` run without the production-only AUTH_SECRET', () => {
    expect(parseEnv({ NODE_ENV: 'production', NEXT_PHASE: 'phase-production-build' }).auth.secret).toBeUndefined();
  });
});
