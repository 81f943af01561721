import { eq, max } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { Database } from '@/lib/db/client';
import { catchUpCursor, webhookEvents } from '@/lib/db/schema';
import { inBackground } from './stripe-budget';
import type { SyncQueue } from './sync-queue';
import { HANDLED_EVENTS, recordStripeEvent, type EventOutcome } from './webhooks';

/**
 * Catch-up: reads Stripe's event list from where the last catch-up stopped and records every
 * event we act on that no delivery brought, queueing its customer's sync, exactly as if it had
 * been delivered. An endpoint that was down for hours thus converges at the next catch-up
 * instead of waiting for Stripe's retries (which space out over three days). `npm run
 * stripe:catch-up` runs it by hand; workers run it every STRIPE_CATCH_UP_MINUTES.
 */

const CURSOR = 'events';

/**
 * Each catch-up re-reads this much before its cursor: events can appear in the list a little
 * after their `created` time, and Stripe's clock and ours may differ by seconds. Re-reading costs
 * only list pages; recording is idempotent.
 */
const CATCH_UP_OVERLAP_MS = 5 * 60_000;

export interface CatchUpResult {
  /** Events created at or after this were read. */
  from: Date;
  /** Events read from Stripe. */
  read: number;
  /** Outcome of each event not recorded before, by outcome. */
  recorded: Partial<Record<EventOutcome, number>>;
  /** Where the next catch-up starts (less the overlap). */
  cursor: Date;
}

/**
 * Where to start: the stored cursor; before the first catch-up, the newest recorded event (the
 * app ran before, events up to then arrived); on a fresh install, now.
 */
async function startingPoint(db: Database, now: Date): Promise<Date> {
  const [cursor] = await db.select().from(catchUpCursor).where(eq(catchUpCursor.name, CURSOR));
  if (cursor) return cursor.eventsUntil;
  const [newest] = await db.select({ created: max(webhookEvents.created) }).from(webhookEvents);
  return newest?.created ?? now;
}

/** Stripe's `events.list` takes at most 20 `types`: the handled ones, 20 at a time. */
export function eventTypeBatches(): string[][] {
  const batches: string[][] = [];
  for (let start = 0; start < HANDLED_EVENTS.length; start += 20) batches.push(HANDLED_EVENTS.slice(start, start + 20));
  return batches;
}

export async function catchUp(
  db: Database,
  stripe: Stripe,
  queue: Pick<SyncQueue, 'enqueue'>,
  /** `since`: read from there instead of the cursor (e.g. after restoring a backup). */
  options: { since?: Date } = {},
): Promise<CatchUpResult> {
  const now = new Date();
  const from = new Date((options.since ?? (await startingPoint(db, now))).getTime() - (options.since ? 0 : CATCH_UP_OVERLAP_MS));
  const recorded: CatchUpResult['recorded'] = {};
  let read = 0;
  await inBackground(async () => {
    for (const types of eventTypeBatches()) {
      const events = stripe.events.list({ created: { gte: Math.floor(from.getTime() / 1000) }, types, limit: 100 });
      for await (const event of events) {
        read += 1;
        const outcome = await recordStripeEvent(db, queue, event, { source: 'catch_up' });
        if (outcome !== 'duplicate') recorded[outcome] = (recorded[outcome] ?? 0) + 1;
      }
    }
  });
  // Everything created before now has been read (events created during the reading, and ones that
  // reach the list late, fall inside the next catch-up's overlap).
  const [existing] = await db.select().from(catchUpCursor).where(eq(catchUpCursor.name, CURSOR));
  const cursor = existing && existing.eventsUntil > now ? existing.eventsUntil : now;
  await db
    .insert(catchUpCursor)
    .values({ name: CURSOR, eventsUntil: cursor })
    .onConflictDoUpdate({ target: catchUpCursor.name, set: { eventsUntil: cursor, updatedAt: new Date() } });
  return { from, read, recorded, cursor };
}
