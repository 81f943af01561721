import 'server-only';
import { catchUp } from '@/lib/billing/catch-up';
import { describeSyncStatus, SyncQueue } from '@/lib/billing/sync-queue';
import { db, dbHandle } from '@/lib/db';
import { env } from '@/lib/env';
import { stripe } from '@/lib/stripe';

// The app's one sync queue (lib/billing/sync-queue.ts), kept on globalThis like the database:
// the webhook route queues syncs on it, and instrumentation.ts starts its workers.
const globalForJobs = globalThis as typeof globalThis & { portalFlowsSyncQueue?: SyncQueue };

/** The process's one sync queue, made on first use (not by `next build`, which loads this module too). */
export const syncQueue = (): SyncQueue =>
  (globalForJobs.portalFlowsSyncQueue ??= new SyncQueue(dbHandle(), {
    debounceMs: env.sync.debounceMs,
    log: (line) => console.warn(line),
  }));

const RETRY_START_MS = 30_000;
const STATUS_EVERY_MS = 60_000;

/**
 * Starts this process's sync workers (SYNC_WORKERS of them, and the scheduled catch-up), or, with
 * SYNC_WORKERS=0, only checks that the queue exists for the webhook route. A database that does not
 * answer yet is tried again every 30 s rather than stopping the server. While there is work, one
 * status line a minute goes to the log.
 */
export async function startSyncWorkers(): Promise<void> {
  try {
    if (env.sync.workers === 0) {
      await syncQueue().prepare();
      console.log('✓ sync queue: no workers in this process (SYNC_WORKERS=0); run `npm run worker`');
      return;
    }
    await syncQueue().start({
      stripe,
      workers: env.sync.workers,
      catchUpMinutes: env.sync.catchUpMinutes,
      catchUp: () => catchUp(db, stripe, syncQueue()),
    });
    console.log(
      `✓ sync queue: ${env.sync.workers} workers, debounce ${env.sync.debounceMs} ms, Stripe budget ${env.stripe.rateLimit} requests/s` +
        (env.sync.catchUpMinutes ? `, catch-up every ${env.sync.catchUpMinutes} min` : ', no scheduled catch-up'),
    );
    setInterval(() => {
      syncQueue()
        .status()
        .then((status) => {
          if (status.queued || status.active || status.failed) console.log(`[sync queue] ${describeSyncStatus(status)}`);
        })
        .catch(() => undefined);
    }, STATUS_EVERY_MS).unref();
  } catch (error) {
    console.error(`[sync queue] could not start (${error instanceof Error ? error.message : error}); trying again in 30 s`);
    setTimeout(() => void startSyncWorkers(), RETRY_START_MS).unref();
  }
}
