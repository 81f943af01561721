// POST /api/webhook — the floor's webhook endpoint (bench tooling, see ../../../next.config.ts):
// the least any Next.js endpoint that takes Stripe's events must do. It reads the body,
// verifies its signature as the app does (stripe.webhooks.constructEvent) and answers 200; no
// database, no queue. `npm run bench:webhooks` fires the same signed deliveries at it and at ours.
import Stripe from 'stripe';

const secret = process.env.FLOOR_WEBHOOK_SECRET ?? '';
// Only its signature verification is used: no request ever leaves this server.
const stripe = new Stripe('sk_test_floor', { apiVersion: '2026-10-28.endive', telemetry: false });

export async function POST(request: Request) {
  const signature = request.headers.get('stripe-signature');
  if (!signature) return Response.json({ error: 'Missing Stripe-Signature header' }, { status: 400 });
  const payload = await request.text();
  try {
    const event = stripe.webhooks.constructEvent(payload, signature, secret);
    return Response.json({ received: true, type: event.type });
  } catch {
    return Response.json({ error: 'Invalid signature' }, { status: 400 });
  }
}
