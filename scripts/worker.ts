// npm run worker — sync workers and the scheduled catch-up in a process of their own, beside (or
// instead of) the ones every app instance runs. Several may run at once: they share the queue in
// PostgreSQL, and a customer is synced by one of them at a time.
//
//   npm run worker                      SYNC_WORKERS concurrent syncs (4 when it is 0 or unset)
//   npm run worker -- --concurrency 8
import { parseArgs } from 'node:util';
import { catchUp } from '../lib/billing/catch-up';
import { describeSyncStatus } from '../lib/billing/sync-queue';
import { loadEnvOrExit } from './lib/load-env';
import { openSyncContext } from './lib/sync-context';

const { values } = parseArgs({ options: { concurrency: { type: 'string' } } });
const env = await loadEnvOrExit();
if (!env.databaseUrl) {
  console.error(
    '✗ npm run worker needs DATABASE_URL (PostgreSQL). With the embedded database only the app process may open it, and it runs the workers itself (SYNC_WORKERS).',
  );
  process.exit(1);
}
const concurrency = values.concurrency === undefined ? env.sync.workers || 4 : Number(values.concurrency);
if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 50) {
  console.error('✗ --concurrency must be a whole number from 1 to 50');
  process.exit(2);
}

// A failed acknowledgement of a finished job (the database briefly gone) must not end the process.
process.on('unhandledRejection', (reason) => console.error('[worker] unhandled rejection:', reason));

let context: Awaited<ReturnType<typeof openSyncContext>>;
try {
  context = await openSyncContext(env, { needsStripe: true });
  const { handle, stripe, queue } = context;
  await queue.start({
    stripe,
    workers: concurrency,
    catchUpMinutes: env.sync.catchUpMinutes,
    catchUp: () => catchUp(handle.db, stripe, queue),
  });
  console.log(
    `✓ worker: ${concurrency} concurrent syncs, Stripe budget ${env.stripe.rateLimit} requests/s for this process` +
      (env.sync.catchUpMinutes ? `, catch-up every ${env.sync.catchUpMinutes} min` : ''),
  );
  console.log(`  ${describeSyncStatus(await queue.status())}`);
} catch (error) {
  console.error(`✗ worker could not start: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}

const report = setInterval(() => {
  context.queue
    .status()
    .then((status) => console.log(`[worker] ${describeSyncStatus(status)}`))
    .catch((error: unknown) => console.error('[worker] status:', error instanceof Error ? error.message : error));
}, 60_000);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    clearInterval(report);
    console.log(`[worker] ${signal}: finishing the syncs under way…`);
    context.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('[worker] could not stop cleanly:', error);
        process.exit(1);
      },
    );
  });
}
