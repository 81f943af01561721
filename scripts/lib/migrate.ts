import { databaseTarget, openDatabase } from '../../lib/db/client';
import type { Env } from '../../lib/env';

/** Applies pending migrations and closes the connection, so the app can open PGlite's directory next. */
export async function migrateDatabase(env: Env) {
  const target = databaseTarget(env.databaseUrl, env.dataDir);
  const where = target.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${target.dataDir}`;
  const started = performance.now();
  const handle = openDatabase(target);
  try {
    await handle.migrate();
  } finally {
    await handle.close();
  }
  console.log(`✓ database migrated: ${where} (${Math.round(performance.now() - started)} ms)`);
}
