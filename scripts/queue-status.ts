// npm run queue:status — one line: syncs queued (and how long the oldest has waited), running and
// failed, and how fresh customers are. `--customers` adds each customer's last sync, stalest first.
import { asc, sql } from 'drizzle-orm';
import { parseArgs } from 'node:util';
import { describeSyncStatus } from '../lib/billing/sync-queue';
import { customers } from '../lib/db/schema';
import { loadEnvOrExit } from './lib/load-env';
import { embeddedDatabaseNote, openSyncContext } from './lib/sync-context';

const { values } = parseArgs({ options: { customers: { type: 'boolean', default: false }, limit: { type: 'string', default: '50' } } });
const limit = Number(values.limit);
if (!Number.isInteger(limit) || limit < 1) {
  console.error('✗ --limit must be a positive whole number');
  process.exit(2);
}
const env = await loadEnvOrExit();
const note = embeddedDatabaseNote(env);
if (note) console.log(`(${note})`);
const context = await openSyncContext(env, { needsStripe: false });
try {
  console.log(`sync queue: ${describeSyncStatus(await context.queue.status())}`);
  if (values.customers) {
    const rows = await context.handle.db
      .select({ id: customers.stripeCustomerId, syncedAt: customers.syncedAt })
      .from(customers)
      .orderBy(sql`${customers.syncedAt} asc nulls first`, asc(customers.stripeCustomerId))
      .limit(limit);
    for (const row of rows) console.log(`  ${row.id.padEnd(24)} ${row.syncedAt ? row.syncedAt.toISOString() : 'never synced'}`);
  }
} catch (error) {
  console.error(`✗ ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
} finally {
  await context.handle.close();
}
