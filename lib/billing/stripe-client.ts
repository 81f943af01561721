import Stripe from 'stripe';
import type { Env } from '@/lib/env';
import type { StripeBudget } from './stripe-budget';
import { site } from '@/site.config';

/** The API version this code is written and tested against; the emulator speaks it too. */
const STRIPE_API_VERSION = '2026-10-28.endive' as const;

/**
 * Builds the one Stripe client. The only difference between the modes is where
 * the SDK connects: the local emulator, or api.stripe.com. Scripts call this
 * directly; the app uses the instance in lib/stripe.ts.
 */
export function createStripeClient(
  stripeEnv: Omit<Env['stripe'], 'timeoutMs' | 'rateLimit'> & { timeoutMs?: number },
  /** `budget`: the process's StripeBudget (lib/billing/stripe-budget.ts); every call then goes through it. */
  options: { maxNetworkRetries?: number; timeoutMs?: number; budget?: StripeBudget } = {},
) {
  // In stripe mode the SDK goes to api.stripe.com, unless the test-only STRIPE_API_BASE
  // (never with a live key; see lib/env.ts) points a test key elsewhere.
  const connection =
    stripeEnv.mode === 'emulator'
      ? { host: stripeEnv.emulator.host, port: stripeEnv.emulator.port, protocol: stripeEnv.emulator.protocol }
      : stripeEnv.apiBase && !stripeEnv.livemode
        ? { host: stripeEnv.apiBase.host, port: stripeEnv.apiBase.port, protocol: stripeEnv.apiBase.protocol }
        : {};
  return new Stripe(stripeEnv.secretKey, {
    apiVersion: STRIPE_API_VERSION,
    appInfo: { name: site.name, version: '0.1.0' },
    // Bounded retries, with backoff, of connection errors and 5xx (a 429 is not
    // retried unless Stripe says so; the budget retries rate limits). They are safe:
    // the SDK sends an Idempotency-Key with every POST it may retry.
    maxNetworkRetries: options.maxNetworkRetries ?? 2,
    timeout: options.timeoutMs ?? stripeEnv.timeoutMs ?? 8000,
    telemetry: false,
    ...(options.budget && { httpClient: options.budget.httpClient() }),
    ...connection,
  });
}
