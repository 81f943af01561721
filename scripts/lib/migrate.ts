import { databaseTarget, openDatabase } from '../../lib/db/client';
import type { Env } from '../../lib/env';

export function describeTarget(env: Pick<Env, 'databaseUrl' | 'dataDir'>) {
  const target = databaseTarget(env.databaseUrl, env.dataDir);
  return target.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${target.dataDir}`;
}

/** Applies pending migrations and closes the connection, so the app can open PGlite's directory next. */
export async function migrateDatabase(env: Env) {
  const started = performance.now();
  const handle = openDatabase(databaseTarget(env.databaseUrl, env.dataDir));
  try {
    await handle.migrate();
  } finally {
    await handle.close();
  }
  console.log(`✓ database migrated: ${describeTarget(env)} (${Math.round(performance.now() - started)} ms)`);
}
