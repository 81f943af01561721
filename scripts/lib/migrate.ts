import { SyncQueue } from '../../lib/billing/sync-queue';
import { databaseTarget, openDatabase } from '../../lib/db/client';
import type { Env } from '../../lib/env';

/**
 * Applies pending migrations and creates the job queue's schema and queues (pg-boss's own,
 * idempotent), then closes the connection, so the app can open PGlite's directory next.
 */
export async function migrateDatabase(env: Env) {
  const target = databaseTarget(env.databaseUrl, env.dataDir);
  const where = target.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${target.dataDir}`;
  const started = performance.now();
  const handle = openDatabase(target);
  try {
    await handle.migrate();
    await new SyncQueue(handle, { debounceMs: env.sync.debounceMs }).prepare();
  } finally {
    await handle.close();
  }
  console.log(`✓ database migrated: ${where} (${Math.round(performance.now() - started)} ms)`);
}
