import { eq, sql } from 'drizzle-orm';
import Stripe from 'stripe';
import type { Database } from '@/lib/db/client';
import { transactionExecutor } from '@/lib/db/queue-sql';
import { customers, webhookEvents, type WebhookEventOutcome } from '@/lib/db/schema';
import type { SyncQueue } from './sync-queue';

/**
 * The events that change what we show, and so the ones to enable on the webhook endpoint
 * (README's list is tested against this one). Each only tells us *which customer* to re-read:
 * the sync fetches the current state from Stripe, so order, duplicates and stale payloads
 * cannot corrupt anything. The catch-up lists them 20 at a time, the most `events.list({ types })`
 * takes (catch-up.ts).
 */
export const HANDLED_EVENTS = [
  'checkout.session.completed',
  'customer.updated',
  'customer.deleted',
  'customer.discount.created',
  'customer.discount.updated',
  'customer.discount.deleted',
  // "Edit billing details" adds and removes tax IDs, which change no field of the customer.
  'customer.tax_id.created',
  'customer.tax_id.deleted',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'customer.subscription.paused',
  'customer.subscription.resumed',
  // Three days before a trial ends: re-reading then brings the trial's end and whether a card
  // is on file up to date (the "Add a card" banner) even if an earlier event was missed.
  'customer.subscription.trial_will_end',
  // A change waiting for the period's end lives on a schedule ("Changes to … on …").
  'subscription_schedule.created',
  'subscription_schedule.updated',
  'subscription_schedule.released',
  'subscription_schedule.canceled',
  'invoice.paid',
  'invoice.payment_failed',
  'invoice.payment_succeeded',
  'payment_method.attached',
  'payment_method.detached',
  'payment_method.updated',
  'payment_method.automatically_updated',
] as const satisfies readonly Stripe.Event.Type[];

export type HandledEventType = (typeof HANDLED_EVENTS)[number];

const handled = new Set<string>(HANDLED_EVENTS);

export function isHandledEvent(type: string): type is HandledEventType {
  return handled.has(type);
}

/** Stripe's events are well under this; a bigger body is refused (413) before it is read whole. */
export const MAX_WEBHOOK_BYTES = 512 * 1024;

/**
 * A sync that began reading Stripe at least this long after an event was created already saw
 * that event's change. Stripe's `created` is in whole seconds, by Stripe's clock; the margin
 * covers the rounding and a few seconds of difference between its clock and our database's.
 */
export const ALREADY_SYNCED_MARGIN_MS = 5_000;

/**
 * Whether a queued sync of this customer still has something to read. Every sync job is queued
 * for a recorded event (recordStripeEvent), and one sync covers every event that arrived before
 * it began reading Stripe, or that Stripe created ALREADY_SYNCED_MARGIN_MS before that. So a job
 * that finds no event of its customer outside both, because another sync ran while it waited
 * (events that came in during a sync queue one more), is done without calling Stripe. A customer
 * never synced always needs it; one we do not know is left to syncCustomer to report.
 */
export async function needsSync(db: Database, stripeCustomerId: string): Promise<boolean> {
  const margin = `${ALREADY_SYNCED_MARGIN_MS} milliseconds`;
  const [row] = await db
    .select({
      syncedAt: customers.syncedAt,
      // Qualified by hand: drizzle writes a column in raw SQL without its table, which inside
      // this subquery would name webhook_events' own stripe_customer_id.
      eventsSince: sql<boolean>`exists (
        select 1 from webhook_events e
         where e.stripe_customer_id = customers.stripe_customer_id
           and e.received_at >= customers.synced_at
           and e.created > customers.synced_at - ${margin}::interval)`,
    })
    .from(customers)
    .where(eq(customers.stripeCustomerId, stripeCustomerId));
  return !row?.syncedAt || row.eventsSince;
}

/** duplicate: the id was recorded before; ignored: a type (or an event without customer) we do not act on. */
export type EventOutcome = Exclude<WebhookEventOutcome, 'synced' | 'ignored'> | 'duplicate' | 'ignored';

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

export interface RecordOptions {
  source?: 'webhook' | 'catch_up';
  /**
   * Commit without waiting for the disk (PostgreSQL's `synchronous_commit = off`): an ack then
   * costs no fsync. Only safe with the scheduled catch-up on: if the database crashes in the
   * fraction of a second before the write reaches its disk, the event is lost to us although
   * Stripe was answered 200, and the next catch-up records it again. It cannot skip it: the
   * catch-up moves its cursor in a durable commit, which writes every earlier commit first.
   */
  deferCommit?: boolean;
}

/**
 * Records one event and queues a sync of its customer, in one transaction, with no call to
 * Stripe: the webhook endpoint and the catch-up both come here. A duplicate finds its id taken
 * and does nothing. An event our last sync of the customer has already seen queues nothing.
 * Types we do not act on leave no row at all.
 */
export async function recordStripeEvent(
  db: Database,
  queue: Pick<SyncQueue, 'enqueue'>,
  event: Stripe.Event,
  { source = 'webhook', deferCommit = false }: RecordOptions = {},
): Promise<EventOutcome> {
  const customerId = isHandledEvent(event.type) ? customerOf(event) : null;
  if (!customerId) return 'ignored';
  // Stripe redelivers (and retries what it thinks failed): most duplicates find their id here,
  // with one read instead of a transaction. Two copies arriving at once both go on, and the
  // primary key below lets one of them through.
  const [seen] = await db.select({ id: webhookEvents.id }).from(webhookEvents).where(eq(webhookEvents.id, event.id));
  if (seen) return 'duplicate';
  const created = new Date(event.created * 1000);
  return db.transaction(async (tx) => {
    if (deferCommit) await tx.execute(sql`set local synchronous_commit = off`);
    const [customer] = await tx.select({ syncedAt: customers.syncedAt }).from(customers).where(eq(customers.stripeCustomerId, customerId));
    const outcome: EventOutcome = !customer
      ? 'unknown_customer'
      : customer.syncedAt && customer.syncedAt.getTime() >= created.getTime() + ALREADY_SYNCED_MARGIN_MS
        ? 'already_synced'
        : 'queued';
    const [recorded] = await tx
      .insert(webhookEvents)
      .values({ id: event.id, type: event.type, stripeCustomerId: customerId, outcome, source, created })
      .onConflictDoNothing({ target: webhookEvents.id })
      .returning({ id: webhookEvents.id });
    if (!recorded) return 'duplicate';
    if (outcome === 'queued') await queue.enqueue([customerId], transactionExecutor(tx));
    return outcome;
  });
}

export interface WebhookResponse {
  status: number;
  body: { received: true; outcome: EventOutcome } | { error: string };
}

export interface WebhookDependencies {
  db: Database;
  queue: Pick<SyncQueue, 'enqueue'>;
  /** Only its signature verification is used: the endpoint makes no Stripe call. */
  stripe: Stripe;
  secret: string | undefined;
  /** See RecordOptions: true only where the scheduled catch-up runs. */
  deferCommit?: boolean;
}

/**
 * The whole webhook endpoint, minus the framework. In order, each before any further work:
 * 500 without a signing secret (so Stripe keeps the event); 400 without a Stripe-Signature
 * header, before the body is read; 413 for a body over MAX_WEBHOOK_BYTES, found while reading it
 * (the rest is never buffered); 400 when the signature is malformed, wrong or older than five
 * minutes; then 200 once recorded and queued (also for ignored and duplicate events, which Stripe
 * must not retry), or 500 when our side failed, so that Stripe retries.
 */
export async function handleWebhookRequest(request: Request, deps: WebhookDependencies): Promise<WebhookResponse> {
  if (!deps.secret) {
    console.error('[webhook] STRIPE_WEBHOOK_SECRET is not set; refusing events until it is (Stripe will retry).');
    return { status: 500, body: { error: 'Webhook secret not configured' } };
  }
  const signature = request.headers.get('stripe-signature');
  if (!signature) return { status: 400, body: { error: 'Missing Stripe-Signature header' } };
  const payload = await readCapped(request, MAX_WEBHOOK_BYTES);
  if (!payload) return { status: 413, body: { error: `Payload too large: a Stripe event is under ${MAX_WEBHOOK_BYTES / 1024} KiB` } };

  let event: Stripe.Event;
  try {
    // Stripe signs the exact bytes it sent: verify them as received, never re-encoded.
    event = deps.stripe.webhooks.constructEvent(payload, signature, deps.secret);
  } catch (error) {
    const reason = error instanceof Stripe.errors.StripeSignatureVerificationError ? error.message : 'unreadable event';
    return { status: 400, body: { error: `Invalid signature: ${reason}` } };
  }
  try {
    return {
      status: 200,
      body: { received: true, outcome: await recordStripeEvent(deps.db, deps.queue, event, { deferCommit: deps.deferCommit }) },
    };
  } catch (error) {
    console.error(`[webhook] ${event.id} (${event.type}) failed:`, error);
    return { status: 500, body: { error: 'Could not process the event; it will be retried' } };
  }
}

/** The body, or null as soon as it is known to exceed `limit` bytes (what was read is dropped). */
async function readCapped(request: Request, limit: number): Promise<Buffer | null> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > limit) return null;
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks, size);
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
}
