// POST /api/stripe/webhook — Stripe's (or the emulator's) events: verified, recorded once, synced.
import { handleWebhook } from '@/lib/billing/webhooks';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { stripe } from '@/lib/stripe';

export async function POST(request: Request) {
  // Stripe signs the exact bytes it sent: read the body as text, never parse it first.
  const { status, body } = await handleWebhook(db, stripe, {
    body: await request.text(),
    signature: request.headers.get('stripe-signature'),
    secret: env.stripe.webhookSecret,
  });
  return Response.json(body, { status });
}
