import { inject } from 'vitest';
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

export function uniqueEmail(label: string) {
  return `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}
