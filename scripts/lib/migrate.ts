import { SyncQueue } from '../../lib/billing/sync-queue';
import { databaseTarget, openDatabase, type DatabaseHandle } from '../../lib/db/client';
import type { Env } from '../../lib/env';

function describeTarget(env: Pick<Env, 'databaseUrl' | 'dataDir'>) {
  const target = databaseTarget(env.databaseUrl, env.dataDir);
  return target.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${target.dataDir}`;
}

/** Applies pending migrations and creates the job queue's schema and queues (pg-boss's own, idempotent). */
export async function migrateOpenDatabase(env: Env, handle: DatabaseHandle) {
  const started = performance.now();
  await handle.migrate();
  await new SyncQueue(handle, { debounceMs: env.sync.debounceMs }).prepare();
  console.log(`✓ database migrated: ${describeTarget(env)} (${Math.round(performance.now() - started)} ms)`);
}

/** The same, then closes the connection, so the app can open PGlite's directory next. */
export async function migrateDatabase(env: Env) {
  const handle = openDatabase(databaseTarget(env.databaseUrl, env.dataDir));
  try {
    await migrateOpenDatabase(env, handle);
  } finally {
    await handle.close();
  }
}
