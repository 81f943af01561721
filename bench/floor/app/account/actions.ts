'use server';

import { redirect } from 'next/navigation';
import Stripe from 'stripe';

// The floor's server action (bench tooling, see ../../next.config.ts): no session, no
// database, no validation. It reads only its configuration, given by the bench when it
// starts this app, and makes the one Stripe call a click must make.
const customer = process.env.FLOOR_CUSTOMER_ID ?? '';
const configuration = process.env.FLOOR_CONFIGURATION_ID ?? '';
const appUrl = process.env.FLOOR_APP_URL ?? 'http://localhost:3407';

// The same client settings as the app's (lib/billing/stripe-client.ts), pointed at the emulator.
const stripe = new Stripe('sk_test_emulator', {
  apiVersion: '2026-10-28.endive',
  maxNetworkRetries: 2,
  timeout: 8000,
  telemetry: false,
  host: '127.0.0.1',
  port: Number(process.env.FLOOR_EMULATOR_PORT ?? 12111),
  protocol: 'http',
});

export async function updateCard(): Promise<void> {
  const session = await stripe.billingPortal.sessions.create({
    customer,
    configuration,
    return_url: `${appUrl}/account/return`,
    flow_data: {
      type: 'payment_method_update',
      after_completion: { type: 'redirect', redirect: { return_url: `${appUrl}/account/payment-method-updated` } },
    },
  });
  redirect(session.url);
}
