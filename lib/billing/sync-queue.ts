import { count, max, min, sql } from 'drizzle-orm';
import PgBoss from 'pg-boss';
import Stripe from 'stripe';
import type { Database, DatabaseHandle } from '@/lib/db/client';
import { customers } from '@/lib/db/schema';
import { queueExecutor, type QueueExecutor } from '@/lib/db/queue-sql';
import { customerLocks, type CustomerLocks } from './customer-locks';
import { inBackground } from './stripe-budget';
import { syncCustomer, type SyncResult } from './sync';
import { needsSync } from './webhooks';

/**
 * The durable queue of "sync customer X" jobs, on pg-boss in our own database (its `pgboss`
 * schema), run through our database client so that it works on PGlite as on PostgreSQL.
 *
 * - Coalescing: the queue's policy is pg-boss's `short`, one *queued* job per singleton key, and
 *   the key is the customer: events for a customer whose sync is already queued add nothing. A job
 *   waits `debounceMs` before it may start, so a burst of one customer's events costs one sync.
 * - One sync of a customer at a time, across instances: a worker takes the customer's lock
 *   (customer-locks.ts); if another worker holds it, the job is queued again after the debounce,
 *   so an event that arrives during a sync causes exactly one more sync, after it. A job whose
 *   events a later sync has already covered ends without calling Stripe (needsSync). (pg-boss's
 *   `stately` policy would say "one queued and one active" by itself, but in pg-boss 10 a queued job
 *   whose customer is being synced makes every fetch fail until that sync ends, stalling all other
 *   customers: timgit/pg-boss#535.)
 * - Durability: a job is inserted in the transaction that records its event; a worker that dies
 *   leaves its job active until it expires, then pg-boss retries it; errors retry with backoff. A
 *   sync refused for Stripe's rate limit is queued again rather than counted as a failure.
 */

export const SYNC_QUEUE = 'sync-customer';
const CATCH_UP_QUEUE = 'stripe-catch-up';

export interface SyncQueueOptions {
  /** How long a queued sync waits before it may start. */
  debounceMs: number;
  /** pg-boss's schema. Default `pgboss`; tests sharing one database each take their own. */
  schema?: string;
  /** A running job whose worker has gone silent this long is failed and retried. */
  expireInSeconds?: number;
  /** How often pg-boss looks for expired jobs (and archives old ones). */
  maintenanceIntervalSeconds?: number;
  /** How often an idle worker asks for a job. */
  pollingIntervalSeconds?: number;
  /** A job that fails is retried this many times, after 2 s, 4 s, 8 s… (with jitter). */
  retryLimit?: number;
  /** Where to report what an operator should know. */
  log?: (line: string) => void;
}

export interface SyncWorkerOptions {
  stripe: Stripe;
  /** Concurrent syncs in this process. */
  workers: number;
  /** Minutes between scheduled catch-ups (lib/billing/catch-up.ts); 0 for none. */
  catchUpMinutes?: number;
  /** Runs the catch-up; given by the caller, which knows the Stripe client and the database. */
  catchUp?: () => Promise<unknown>;
  /** Told about each sync a worker ran (tests and logs). */
  onSync?: (sync: { customerId: string; startedAt: number; endedAt: number; result: SyncResult }) => void;
}

interface SyncJobData {
  customerId: string;
}

/** What an operator needs to see: is the queue keeping up, and how fresh are customers? */
export interface SyncQueueStatus {
  /** Syncs waiting (debouncing, or ready for a worker, or waiting to be retried). */
  queued: number;
  /** Of those, the ones waiting for a retry after a failure. */
  retrying: number;
  /** Syncs running now. */
  active: number;
  /** Syncs that used up their retries, kept until pg-boss archives them (12 h). */
  failed: number;
  /** How long the oldest waiting sync has waited, in seconds; null when none waits. */
  oldestQueuedSeconds: number | null;
  customers: {
    total: number;
    neverSynced: number;
    /** When the freshest and the stalest customer were last synced. */
    newestSync: Date | null;
    oldestSync: Date | null;
  };
}

export class SyncQueue {
  readonly boss: PgBoss;
  readonly schema: string;
  readonly #handle: DatabaseHandle;
  readonly #executor: QueueExecutor;
  readonly #locks: CustomerLocks;
  readonly #options: Required<Omit<SyncQueueOptions, 'log'>> & Pick<SyncQueueOptions, 'log'>;
  #started: Promise<void> | undefined;

  constructor(handle: DatabaseHandle, options: SyncQueueOptions) {
    this.#handle = handle;
    this.#executor = queueExecutor(handle);
    this.#locks = customerLocks(handle);
    this.#options = {
      schema: 'pgboss',
      expireInSeconds: 120,
      maintenanceIntervalSeconds: 60,
      pollingIntervalSeconds: 0.5,
      retryLimit: 10,
      ...options,
    };
    this.schema = this.#options.schema;
    // Inserting needs no start(); start() adds maintenance, the schedule and the workers.
    this.boss = new PgBoss({
      db: this.#executor,
      schema: this.schema,
      maintenanceIntervalSeconds: this.#options.maintenanceIntervalSeconds,
      schedule: true,
      supervise: true,
    });
    // pg-boss reports background errors (maintenance, a worker's fetch) as events; an
    // EventEmitter without an 'error' listener would throw them instead.
    this.boss.on('error', (error) => this.#options.log?.(`[sync queue] ${error.message}`));
  }

  /**
   * Creates pg-boss's schema and our queues if missing (idempotent, safe from several processes
   * at once), without starting any worker. Run by `npm run db:migrate`, and by start().
   */
  async prepare(): Promise<void> {
    const boss = new PgBoss({ db: this.#executor, schema: this.schema, schedule: false, supervise: false });
    boss.on('error', (error) => this.#options.log?.(`[sync queue] ${error.message}`));
    await boss.start();
    try {
      await this.#createQueues(boss);
    } finally {
      await boss.stop({ graceful: false, close: false });
    }
  }

  async #createQueues(boss: PgBoss) {
    const sync = {
      name: SYNC_QUEUE,
      policy: 'short',
      retryLimit: this.#options.retryLimit,
      retryDelay: 2,
      retryBackoff: true,
      expireInSeconds: this.#options.expireInSeconds,
    } as const;
    await boss.createQueue(SYNC_QUEUE, sync);
    await boss.updateQueue(SYNC_QUEUE, sync);
    const catchUp = { name: CATCH_UP_QUEUE, policy: 'singleton', retryLimit: 2, retryDelay: 30, expireInSeconds: 15 * 60 } as const;
    await boss.createQueue(CATCH_UP_QUEUE, catchUp);
    await boss.updateQueue(CATCH_UP_QUEUE, catchUp);
  }

  /**
   * Queues a sync of each customer, through `executor`: transactionExecutor(tx) puts the job in
   * the caller's transaction. A customer whose sync is already queued gets nothing more.
   */
  async enqueue(customerIds: readonly string[], executor: QueueExecutor = this.#executor, delayMs = this.#options.debounceMs) {
    if (customerIds.length === 0) return;
    // Most events of a burst find their customer's sync already waiting. pg-boss would drop their
    // job on its singleton index too, but only after running its whole insert; on the webhook's
    // acknowledgement path, one indexed read is cheaper. Safe under races: a waiting job that a
    // worker takes after this read starts reading Stripe after this event arrived, so it covers it.
    const { rows } = await executor.executeSql(
      `select singleton_key from ${this.schema}.job where name = $1 and singleton_key = any($2::text[]) and state in ('created', 'retry')`,
      [SYNC_QUEUE, customerIds],
    );
    const waiting = new Set(rows.map((row) => String(row.singleton_key)));
    const toQueue = customerIds.filter((customerId) => !waiting.has(customerId));
    if (toQueue.length === 0) return;
    const jobs: PgBoss.JobInsert<SyncJobData>[] = toQueue.map((customerId) => ({
      name: SYNC_QUEUE,
      data: { customerId },
      singletonKey: customerId,
      // Seconds, as pg-boss takes them; fractions are fine (PostgreSQL reads '0.5' as an interval).
      ...(delayMs > 0 && { startAfter: String(delayMs / 1000) }),
      expireInSeconds: this.#options.expireInSeconds,
    }));
    await this.boss.insert(jobs, { db: executor });
  }

  async status(): Promise<SyncQueueStatus> {
    // pg-boss 10 has counts by state but not ages; its job table is documented, and this reads it only.
    const { rows } = await this.#executor.executeSql(
      `select state::text as state, count(*)::int as count,
              extract(epoch from now() - min(created_on))::float8 as oldest
         from ${this.schema}.job where name = $1 group by state`,
      [SYNC_QUEUE],
    );
    const byState = new Map(rows.map((row) => [String(row.state), { count: Number(row.count), oldest: Number(row.oldest) }]));
    const waiting = ['created', 'retry'].flatMap((state) => byState.get(state) ?? []);
    const [people] = await this.#handle.db
      .select({
        total: count(),
        neverSynced: sql<number>`count(*) filter (where ${customers.syncedAt} is null)`.mapWith(Number),
        newestSync: max(customers.syncedAt),
        oldestSync: min(customers.syncedAt),
      })
      .from(customers);
    return {
      queued: waiting.reduce((sum, state) => sum + state.count, 0),
      retrying: byState.get('retry')?.count ?? 0,
      active: byState.get('active')?.count ?? 0,
      failed: byState.get('failed')?.count ?? 0,
      oldestQueuedSeconds: waiting.length ? Math.max(...waiting.map((state) => state.oldest)) : null,
      customers: {
        total: people?.total ?? 0,
        neverSynced: people?.neverSynced ?? 0,
        newestSync: people?.newestSync ?? null,
        oldestSync: people?.oldestSync ?? null,
      },
    };
  }

  /** Starts pg-boss's maintenance, the catch-up schedule and `workers` concurrent sync workers here. */
  start(options: SyncWorkerOptions): Promise<void> {
    this.#started ??= this.#start(options);
    return this.#started;
  }

  async #start(options: SyncWorkerOptions) {
    const boss = this.boss;
    await boss.start();
    await this.#createQueues(boss);

    const db = this.#handle.db;
    for (let slot = 0; slot < options.workers; slot++) {
      let id = '';
      id = await boss.work<SyncJobData>(
        SYNC_QUEUE,
        { pollingIntervalSeconds: this.#options.pollingIntervalSeconds, batchSize: 1 },
        async ([job]) => {
          if (!job) return;
          try {
            return await this.#runSync(db, options, job.data.customerId);
          } finally {
            // Ask again at once: there may be more work (an idle worker waits the polling interval).
            boss.notifyWorker(id);
          }
        },
      );
    }

    if (options.catchUpMinutes && options.catchUp) {
      const catchUp = options.catchUp;
      await boss.work(CATCH_UP_QUEUE, { pollingIntervalSeconds: 5 }, async () => {
        await catchUp();
      });
      await boss.schedule(CATCH_UP_QUEUE, `*/${options.catchUpMinutes} * * * *`);
    } else {
      await boss.unschedule(CATCH_UP_QUEUE);
    }
  }

  async #runSync(db: Database, options: SyncWorkerOptions, customerId: string) {
    const release = await this.#locks.tryLock(customerId);
    if (!release) {
      // Another worker is syncing this customer: sync again after it.
      await this.enqueue([customerId]);
      return { deferred: 'customer being synced' };
    }
    const startedAt = Date.now();
    try {
      if (!(await needsSync(db, customerId))) return { skipped: 'synced since its events arrived' };
      const result = await inBackground(() => syncCustomer(db, options.stripe, customerId));
      options.onSync?.({ customerId, startedAt, endedAt: Date.now(), result });
      return result;
    } catch (error) {
      if (error instanceof Stripe.errors.StripeRateLimitError) {
        // Stripe is refusing for now, and the budget has already backed off and retried: try
        // later, without spending one of the job's retries.
        await this.enqueue([customerId], this.#executor, Math.max(this.#options.debounceMs, 10_000));
        return { deferred: 'rate limited' };
      }
      throw error;
    } finally {
      await release();
    }
  }

  /** Stops the workers here, letting running syncs finish (up to `timeoutMs`; then they are failed and retried). */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (!this.#started) return;
    await this.#started.catch(() => undefined);
    this.#started = undefined;
    await this.boss.stop({ graceful: true, timeout: timeoutMs, wait: true });
  }
}

/** One line for logs and `npm run queue:status`. */
export function describeSyncStatus(status: SyncQueueStatus, now = new Date()): string {
  const ago = (date: Date | null) => (date ? `${duration((now.getTime() - date.getTime()) / 1000)} ago` : 'never');
  const waiting =
    status.queued === 0
      ? '0 queued'
      : `${status.queued} queued (oldest ${duration(status.oldestQueuedSeconds ?? 0)}${status.retrying ? `, ${status.retrying} retrying` : ''})`;
  const { customers: people } = status;
  const freshness =
    people.total === people.neverSynced
      ? `${people.total} customers, none synced yet`
      : `${people.total} customers: last sync ${ago(people.newestSync)}, stalest ${ago(people.oldestSync)}` +
        (people.neverSynced ? `, ${people.neverSynced} never synced` : '');
  return `${waiting}, ${status.active} active, ${status.failed} failed · ${freshness}`;
}

function duration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${Math.round(seconds / 86_400)} days`;
}
