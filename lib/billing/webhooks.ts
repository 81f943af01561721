import { eq } from 'drizzle-orm';
import Stripe from 'stripe';
import type { Database } from '@/lib/db/client';
import { webhookEvents } from '@/lib/db/schema';
import { syncCustomer } from './sync';

/**
 * The events that change what we show. Each one only tells us *which customer*
 * to re-read: the sync function fetches the current state from Stripe, so order,
 * duplicates and stale payloads cannot corrupt anything.
 */
export const HANDLED_EVENTS = new Set<string>([
  'checkout.session.completed',
  'customer.updated',
  'customer.deleted',
  'customer.discount.created',
  'customer.discount.updated',
  'customer.discount.deleted',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'customer.subscription.paused',
  'customer.subscription.resumed',
  'customer.subscription.trial_will_end',
  'invoice.paid',
  'invoice.payment_failed',
  'invoice.payment_succeeded',
  'payment_method.attached',
  'payment_method.detached',
  'payment_method.updated',
  'payment_method.automatically_updated',
]);

export type WebhookOutcome = 'synced' | 'ignored' | 'unknown_customer' | 'duplicate';

/** The customer an event is about, from the fields Stripe puts on each object type. */
export function customerOf(event: Stripe.Event): string | null {
  const object = event.data.object as { object?: string; id?: string; customer?: unknown };
  if (object.object === 'customer' && typeof object.id === 'string') return object.id;
  const customer = object.customer;
  if (typeof customer === 'string') return customer;
  if (customer && typeof customer === 'object' && 'id' in customer && typeof customer.id === 'string') return customer.id;
  // payment_method.detached carries the former customer only in previous_attributes.
  const previous = event.data.previous_attributes as { customer?: unknown } | undefined;
  return typeof previous?.customer === 'string' ? previous.customer : null;
}

/**
 * Applies one verified event: records its id and syncs its customer in a single
 * transaction. A duplicate finds the id taken and does nothing. If anything
 * fails, nothing is recorded and the error propagates, so the endpoint answers
 * 5xx and Stripe delivers the event again later.
 */
export async function applyStripeEvent(db: Database, stripe: Stripe, event: Stripe.Event): Promise<WebhookOutcome> {
  const customerId = customerOf(event);
  const handled = HANDLED_EVENTS.has(event.type) && customerId !== null;
  return db.transaction(async (tx) => {
    const [recorded] = await tx
      .insert(webhookEvents)
      .values({
        id: event.id,
        type: event.type,
        stripeCustomerId: customerId,
        outcome: handled ? 'synced' : 'ignored',
        created: new Date(event.created * 1000),
      })
      .onConflictDoNothing({ target: webhookEvents.id })
      .returning({ id: webhookEvents.id });
    if (!recorded) return 'duplicate';
    if (!handled || !customerId) return 'ignored';

    const result = await syncCustomer(tx, stripe, customerId);
    if (!result.known) {
      // Not one of our customers (another app on the same account, or deleted here):
      // keep the record so a redelivery stays a no-op, and answer 200.
      await tx.update(webhookEvents).set({ outcome: 'unknown_customer' }).where(eq(webhookEvents.id, event.id));
      return 'unknown_customer';
    }
    return 'synced';
  });
}


export interface WebhookResponse {
  status: number;
  body: { received: true; outcome: WebhookOutcome } | { error: string };
}

/**
 * The whole webhook endpoint, minus HTTP: verify the signature over the raw body
 * (400, before any database work, when it is missing, malformed, wrong or stale),
 * then apply the event (200, also for ignored and duplicate events, which Stripe
 * must not retry), or 500 when our side failed so that Stripe retries.
 */
export async function handleWebhook(
  db: Database,
  stripe: Stripe,
  input: { body: string; signature: string | null; secret: string | undefined },
): Promise<WebhookResponse> {
  if (!input.secret) {
    console.error('[webhook] STRIPE_WEBHOOK_SECRET is not set; refusing events until it is (Stripe will retry).');
    return { status: 500, body: { error: 'Webhook secret not configured' } };
  }
  if (!input.signature) return { status: 400, body: { error: 'Missing Stripe-Signature header' } };
  let event: Stripe.Event;
  try {
    event = stripe.webhooks.constructEvent(input.body, input.signature, input.secret);
  } catch (error) {
    const reason = error instanceof Stripe.errors.StripeSignatureVerificationError ? error.message : 'unreadable event';
    return { status: 400, body: { error: `Invalid signature: ${reason}` } };
  }
  try {
    return { status: 200, body: { received: true, outcome: await applyStripeEvent(db, stripe, event) } };
  } catch (error) {
    console.error(`[webhook] ${event.id} (${event.type}) failed:`, error);
    return { status: 500, body: { error: 'Could not process the event; it will be retried' } };
  }
}
