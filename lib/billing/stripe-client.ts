import Stripe from 'stripe';
import type { Env } from '@/lib/env';

/** The API version this code is written and tested against; the emulator speaks it too. */
export const STRIPE_API_VERSION = '2026-10-28.endive' as const;

/**
 * Builds the one Stripe client. The only difference between the modes is where
 * the SDK connects: the local emulator, or api.stripe.com. Scripts call this
 * directly; the app uses the instance in lib/stripe.ts.
 */
export function createStripeClient(stripeEnv: Env['stripe'], options: { maxNetworkRetries?: number; timeoutMs?: number } = {}) {
  const connection =
    stripeEnv.mode === 'emulator'
      ? { host: stripeEnv.emulator.host, port: stripeEnv.emulator.port, protocol: stripeEnv.emulator.protocol }
      : {};
  return new Stripe(stripeEnv.secretKey, {
    apiVersion: STRIPE_API_VERSION,
    appInfo: { name: 'Portal Flows', url: 'https://github.com/portal-flows/portal-flows', version: '0.1.0' },
    // Retries are safe: the SDK sends an Idempotency-Key with every retried POST.
    maxNetworkRetries: options.maxNetworkRetries ?? 2,
    timeout: options.timeoutMs ?? 10_000,
    telemetry: false,
    ...connection,
  });
}
