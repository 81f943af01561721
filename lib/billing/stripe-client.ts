import Stripe from 'stripe';
import type { Env } from '@/lib/env';
import { site } from '@/site.config';

/** The API version this code is written and tested against; the emulator speaks it too. */
export const STRIPE_API_VERSION = '2026-10-28.endive' as const;

/**
 * Builds the one Stripe client. The only difference between the modes is where
 * the SDK connects: the local emulator, or api.stripe.com. Scripts call this
 * directly; the app uses the instance in lib/stripe.ts.
 */
export function createStripeClient(
  stripeEnv: Omit<Env['stripe'], 'timeoutMs'> & { timeoutMs?: number },
  options: { maxNetworkRetries?: number; timeoutMs?: number } = {},
) {
  const connection =
    stripeEnv.mode === 'emulator'
      ? { host: stripeEnv.emulator.host, port: stripeEnv.emulator.port, protocol: stripeEnv.emulator.protocol }
      : {};
  return new Stripe(stripeEnv.secretKey, {
    apiVersion: STRIPE_API_VERSION,
    appInfo: { name: site.name, version: '0.1.0' },
    // Bounded retries, with backoff, of connection errors and 5xx (a 429 is not
    // retried unless Stripe says so). They are safe: the SDK sends an
    // Idempotency-Key with every POST it may retry.
    maxNetworkRetries: options.maxNetworkRetries ?? 2,
    timeout: options.timeoutMs ?? stripeEnv.timeoutMs ?? 8000,
    telemetry: false,
    ...connection,
  });
}
