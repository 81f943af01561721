import { afterAll, inject } from 'vitest';
import { openDatabase, type DatabaseHandle } from '@/lib/db/client';

/**
 * The database an integration test uses: the run's own PostgreSQL database when
 * DATABASE_URL is set, otherwise a fresh in-memory PGlite. Migrated; close it in afterAll.
 */
export async function openTestDatabase(): Promise<DatabaseHandle> {
  const url = inject('databaseUrl');
  const handle = openDatabase(url ? { kind: 'postgres', url, maxConnections: 5 } : { kind: 'pglite', dataDir: undefined });
  await handle.migrate();
  return handle;
}

/** openTestDatabase for a whole test file, closed after its tests: awaited at the file's top level. */
export async function testDatabaseForFile(): Promise<DatabaseHandle> {
  const handle = await openTestDatabase();
  afterAll(() => handle.close());
  return handle;
}

export function uniqueEmail(label: string) {
  return `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}
