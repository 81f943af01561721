// npm run stripe:catch-up — reads Stripe's events since the last catch-up (or the newest event
// recorded) and records each one no webhook brought, queueing its customer's sync. Running
// workers (the app's, or `npm run worker`) then sync them; with the embedded database, which
// only one process may open, this command runs the syncs itself before it exits.
//
//   npm run stripe:catch-up
//   npm run stripe:catch-up -- --since 2026-11-20T08:00:00Z    from a point in time (30 days at most)
import { parseArgs } from 'node:util';
import { catchUp } from '../lib/billing/catch-up';
import { describeSyncStatus } from '../lib/billing/sync-queue';
import { loadEnvOrExit } from './lib/load-env';
import { embeddedDatabaseNote, openSyncContext } from './lib/sync-context';

const { values } = parseArgs({ options: { since: { type: 'string' } } });
const since = values.since === undefined ? undefined : new Date(values.since);
if (since && (Number.isNaN(since.getTime()) || since.getTime() > Date.now())) {
  console.error('✗ --since must be a past date and time, such as 2026-11-20T08:00:00Z');
  process.exit(2);
}
const env = await loadEnvOrExit();
const note = embeddedDatabaseNote(env);
if (note) console.log(`(${note})`);

let context: Awaited<ReturnType<typeof openSyncContext>> | undefined;
try {
  context = await openSyncContext(env, { needsStripe: true });
  const { handle, stripe, queue } = context;
  await queue.prepare();
  const result = await catchUp(handle.db, stripe, queue, { since });
  const recorded = Object.entries(result.recorded).map(([outcome, count]) => `${count} ${outcome.replace('_', ' ')}`);
  console.log(
    `✓ catch-up: read ${result.read} events created since ${result.from.toISOString()}; ` +
      (recorded.length ? `newly recorded: ${recorded.join(', ')}` : 'every one was already recorded'),
  );
  if (!env.databaseUrl && (result.recorded.queued ?? 0) > 0) {
    console.log('▸ syncing the queued customers here (the embedded database has no other worker)…');
    await queue.start({ stripe, workers: env.sync.workers || 4 });
    const deadline = Date.now() + 10 * 60_000;
    for (;;) {
      const status = await queue.status();
      if (status.queued === 0 && status.active === 0) break;
      if (Date.now() > deadline) throw new Error(`syncs still pending after 10 minutes: ${describeSyncStatus(status)}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  console.log(`  sync queue: ${describeSyncStatus(await queue.status())}`);
} catch (error) {
  console.error(`✗ stripe:catch-up failed: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
} finally {
  await context?.close();
}
