import { describe, expect, it } from 'vitest';
import { APP_VARIABLES, EnvError, parseEnv } from '@/lib/env';
import { APP_VARIABLE_PATTERN } from '../support/app-server';
import { envProblems } from '../support/env-problems';

const secret = 'unit-test-auth-secret-0123456789abcdef';
const databaseUrl = 'postgres://app@db.example.com/portal_flows';
const production = { STRIPE_SECRET_KEY: 'sk_live_abc', DATABASE_URL: databaseUrl };
const testKeyProduction = { STRIPE_SECRET_KEY: 'sk_test_abc', DATABASE_URL: databaseUrl };

describe('parseEnv', () => {
  it('defaults to emulator mode, localhost:3000 and the embedded database', () => {
    const env = parseEnv({});
    expect(env.stripe.mode).toBe('emulator');
    expect(env.stripe.secretKey).toMatch(/^sk_test_/);
    // Not a published default: loadEnv reads the emulator's own secret from the data directory.
    expect(env.stripe.webhookSecret).toBeUndefined();
    expect(env.publicDemo).toBe(false);
    expect(env.auth.sessionMaxAge).toBe(7 * 24 * 60 * 60);
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

  it('refuses a variable that is set but blank, naming it, instead of taking it as unset', () => {
    expect(envProblems({ STRIPE_SECRET_KEY: '' })).toEqual([
      expect.stringMatching(/^STRIPE_SECRET_KEY is set but blank; give it a value or unset it/),
    ]);
    // Reported once, as blank, not a second time as missing in production.
    expect(envProblems({ NODE_ENV: 'production', AUTH_SECRET: secret, DATABASE_URL: databaseUrl, STRIPE_SECRET_KEY: ' ' })).toEqual([
      expect.stringMatching(/^STRIPE_SECRET_KEY is set but blank/),
    ]);
    const problems = envProblems({ NODE_ENV: 'production', STRIPE_SECRET_KEY: '', DATABASE_URL: '  ', AUTH_SECRET: '', PORT: '' });
    for (const name of ['STRIPE_SECRET_KEY', 'DATABASE_URL', 'AUTH_SECRET', 'PORT']) {
      expect(problems).toContainEqual(expect.stringMatching(new RegExp(`^${name} is set but blank`)));
    }
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
    [{ NODE_ENV: 'production', ...production }, /^AUTH_SECRET is required in production/],
    [
      { NODE_ENV: 'production', AUTH_SECRET: secret, DATABASE_URL: databaseUrl },
      /^STRIPE_SECRET_KEY is required in production: .*PORTAL_FLOWS_DEMO=true/,
    ],
    [{ NODE_ENV: 'production', AUTH_SECRET: secret, STRIPE_SECRET_KEY: 'sk_live_abc' }, /^DATABASE_URL is required in production/],
    [
      { AUTH_DEMO: 'true', AUTH_GITHUB_ID: 'id', AUTH_GITHUB_SECRET: 'secret' },
      /^AUTH_DEMO must not be "true" beside GitHub or e-mail sign-in/,
    ],
    [
      { AUTH_DEMO: 'true', EMAIL_SERVER: 'smtp://mail.example.com', EMAIL_FROM: 'a@example.com' },
      /^AUTH_DEMO must not be "true" beside GitHub or e-mail/,
    ],
    [
      { NODE_ENV: 'production', AUTH_SECRET: secret, ...testKeyProduction, AUTH_DEMO: 'true' },
      /^AUTH_DEMO must not be "true" in production unless .*PORTAL_FLOWS_DEMO=true/,
    ],
    [{ PORTAL_FLOWS_DEMO: 'true', STRIPE_SECRET_KEY: 'sk_live_abc' }, /^PORTAL_FLOWS_DEMO must not be "true" with a live Stripe key/],
    [{ PORTAL_FLOWS_DEMO: 'yes' }, /^PORTAL_FLOWS_DEMO must be "true" or "false"/],
    [{ STRIPE_API_BASE: 'http://127.0.0.1:12111' }, /^STRIPE_API_BASE is a test-only override of api.stripe.com: it needs a test key/],
    [{ STRIPE_API_BASE: 'http://127.0.0.1:12111', STRIPE_SECRET_KEY: 'sk_live_abc' }, /^STRIPE_API_BASE is a test-only override/],
    [{ STRIPE_API_BASE: 'http://127.0.0.1:12111', STRIPE_SECRET_KEY: 'rk_test_abc' }, /^STRIPE_API_BASE is a test-only override/],
    [{ STRIPE_API_BASE: '127.0.0.1:12111', STRIPE_SECRET_KEY: 'sk_test_abc' }, /^STRIPE_API_BASE must be an absolute http\(s\) origin/],
    [{ AUTH_SECRET: `${secret},short` }, /^AUTH_SECRET must be at least 32 characters \(several secrets: comma-separated/],
    [{ AUTH_SESSION_MAX_AGE: '1w' }, /^AUTH_SESSION_MAX_AGE must be a whole number of seconds/],
    [{ AUTH_SESSION_MAX_AGE: '10' }, /^AUTH_SESSION_MAX_AGE must be a whole number of seconds/],
    [{ BILLING_LANDING_SYNC: 'no' }, /^BILLING_LANDING_SYNC must be "on" or "off"/],
    [{ BILLING_LANDING_SYNC: 'off', STRIPE_SECRET_KEY: 'sk_test_abc' }, /^BILLING_LANDING_SYNC is a test switch for emulator mode only/],
  ])('rejects %j with a message naming the variable', (source, message) => {
    const problems = envProblems(source);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it('refuses demo sign-in with a live key', () => {
    const problems = envProblems({ STRIPE_SECRET_KEY: 'sk_live_abc123', AUTH_DEMO: 'true' });
    expect(problems).toEqual([expect.stringMatching(/^AUTH_DEMO must not be "true" with a live Stripe key/)]);
    expect(parseEnv({ STRIPE_SECRET_KEY: 'sk_live_abc123' }).auth.demo).toBe(false);
  });

  it('lists every problem at once and does not echo secrets in full', () => {
    const problems = envProblems({ APP_URL: 'nope', STRIPE_SECRET_KEY: 'sk_test_has-bad-chars-0123456789' });
    expect(problems).toHaveLength(2);
    const message = new EnvError(problems).message;
    expect(message).toContain('APP_URL');
    expect(message).toContain('STRIPE_SECRET_KEY');
    expect(message).not.toContain('0123456789');
  });

  it('lets `next build` run without the production-only AUTH_SECRET, key and database', () => {
    expect(parseEnv({ NODE_ENV: 'production', NEXT_PHASE: 'phase-production-build' }).auth.secrets).toEqual([]);
  });

  it('runs production with a key, a database and a secret, and no demo sign-in', () => {
    const env = parseEnv({ NODE_ENV: 'production', AUTH_SECRET: secret, ...production });
    expect(env.stripe.mode).toBe('stripe');
    expect(env.stripe.livemode).toBe(true);
    expect(env.auth.demo).toBe(false);
    expect(env.publicDemo).toBe(false);
  });

  it('runs an explicit public demo in production: emulator, embedded database, demo sign-in', () => {
    const env = parseEnv({ NODE_ENV: 'production', AUTH_SECRET: secret, PORTAL_FLOWS_DEMO: 'true' });
    expect(env.publicDemo).toBe(true);
    expect(env.stripe.mode).toBe('emulator');
    expect(env.databaseUrl).toBeUndefined();
    expect(env.auth.demo).toBe(true);
  });

  it('never turns demo sign-in on by default beside another provider, or in production without the opt-in', () => {
    expect(parseEnv({ AUTH_GITHUB_ID: 'id', AUTH_GITHUB_SECRET: 'secret' }).auth.demo).toBe(false);
    expect(parseEnv({ EMAIL_SERVER: 'smtp://mail.example.com', EMAIL_FROM: 'a@example.com' }).auth.demo).toBe(false);
    expect(parseEnv({ NODE_ENV: 'production', AUTH_SECRET: secret, ...testKeyProduction }).auth.demo).toBe(false);
    const optedIn = { NODE_ENV: 'production', AUTH_SECRET: secret, ...testKeyProduction, PORTAL_FLOWS_DEMO: 'true', AUTH_DEMO: 'true' };
    expect(parseEnv(optedIn).auth.demo).toBe(true);
  });

  it('reads several AUTH_SECRETs, newest first', () => {
    const rotated = 'rotated-auth-secret-abcdef0123456789abcdef';
    expect(parseEnv({ AUTH_SECRET: `${rotated}, ${secret}` }).auth.secrets).toEqual([rotated, secret]);
    expect(parseEnv({ AUTH_SECRET: secret }).auth.secrets).toEqual([secret]);
  });

  it('takes AUTH_SESSION_MAX_AGE in seconds', () => {
    expect(parseEnv({ AUTH_SESSION_MAX_AGE: '3600' }).auth.sessionMaxAge).toBe(3600);
  });

  it('points a test key at STRIPE_API_BASE, and only a test key', () => {
    const env = parseEnv({ STRIPE_SECRET_KEY: 'sk_test_abc', STRIPE_API_BASE: 'http://127.0.0.1:12221' });
    expect(env.stripe.mode).toBe('stripe');
    expect(env.stripe.apiBase).toEqual({ host: '127.0.0.1', port: 12221, protocol: 'http' });
    expect(parseEnv({ STRIPE_SECRET_KEY: 'sk_test_abc' }).stripe.apiBase).toBeUndefined();
  });

  it('names every variable it reads in a pattern that servers under test are cleared of', () => {
    const own = APP_VARIABLES.filter((name) => name !== 'NODE_ENV' && name !== 'NEXT_PHASE');
    expect(own.filter((name) => !APP_VARIABLE_PATTERN.test(name))).toEqual([]);
  });
});
