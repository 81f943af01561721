// POST /api/stripe/webhook — Stripe's (or the emulator's) events: verified, recorded once, a sync queued.
import { handleWebhookRequest } from '@/lib/billing/webhooks';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { syncQueue } from '@/lib/jobs';
import { stripe } from '@/lib/stripe';

export async function POST(request: Request) {
  const { status, body } = await handleWebhookRequest(request, {
    db,
    queue: syncQueue(),
    stripe,
    secret: env.stripe.webhookSecret,
    // Acknowledgements skip the fsync only where a scheduled catch-up would recover a lost one.
    deferCommit: env.sync.catchUpMinutes > 0,
  });
  return Response.json(body, { status });
}
