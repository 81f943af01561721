import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDataDir } from '../data-dir';
import { lockPgliteDirectory } from './pglite-lock';
import { StatementCachingPGlite } from './pglite-statement-cache';
import { PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export type DatabaseHandle = {
  db: Database;
  /** Applies the committed SQL migrations in lib/db/migrations; a no-op when up to date. */
  migrate(): Promise<void>;
  close(): Promise<void>;
} &
  /** The driver underneath, for the job queue (lib/db/queue-sql.ts); everything else goes through `db`. */
  ({ kind: 'postgres'; client: postgres.Sql } | { kind: 'pglite'; client: StatementCachingPGlite });

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; maxConnections?: number }
  /** `dataDir` undefined keeps the database in memory (tests). */
  | { kind: 'pglite'; dataDir: string | undefined };

/**
 * The committed SQL migrations. Beside this file when run from source (scripts, tests);
 * inside a Next.js server the modules are bundled, so there it is `lib/db/migrations`
 * under the working directory, where the standalone build copies it (next.config.js).
 */
export const migrationsFolder =
  [path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations'), path.resolve('lib/db/migrations')].find((folder) =>
    existsSync(path.join(folder, 'meta', '_journal.json')),
  ) ?? path.resolve('lib/db/migrations');

// Any fixed number: instances that start together on one database take turns migrating.
const MIGRATION_LOCK = 0x706f7274;

export function databaseTarget(databaseUrl: string | undefined, dataDir: string): DatabaseTarget {
  return databaseUrl ? { kind: 'postgres', url: databaseUrl } : { kind: 'pglite', dataDir: path.join(dataDir, 'pglite') };
}

export function openDatabase(target: DatabaseTarget): DatabaseHandle {
  if (target.kind === 'postgres') {
    const client = postgres(target.url, { max: target.maxConnections ?? 10, onnotice: () => {} });
    const db = drizzlePostgres(client, { schema });
    return {
      db,
      kind: 'postgres',
      client,
      // Several instances may start at once on a fresh database: one applies the
      // migrations while the others wait on the lock, then find nothing left to do.
      async migrate() {
        const lock = postgres(target.url, { max: 1, onnotice: () => {} });
        try {
          await lock`select pg_advisory_lock(${MIGRATION_LOCK})`;
          await migratePostgres(db, { migrationsFolder });
        } finally {
          await lock.end({ timeout: 5 });
        }
      },
      close: () => client.end({ timeout: 5 }),
    };
  }
  // PGlite creates its own directory but not the parents (a fresh DATA_DIR), which
  // must be owner-only: the database holds users' rows and OAuth tokens.
  if (target.dataDir) ensureDataDir(path.dirname(target.dataDir));
  // Throws DatabaseBusyError, before PGlite touches a file, when another process has it open.
  const unlock = target.dataDir ? lockPgliteDirectory(target.dataDir) : () => {};
  const client = new StatementCachingPGlite(target.dataDir);
  const db = drizzlePglite(client, { schema });
  return {
    db,
    kind: 'pglite',
    client,
    migrate: () => migratePglite(db, { migrationsFolder }),
    close: async () => {
      try {
        await client.close();
      } finally {
        unlock();
      }
    },
  };
}

/**
 * A database that opens on its first use rather than when created. The app's module graph
 * is loaded by `next build` too, which must not open — let alone lock — the embedded
 * database a running app holds. It is a drizzle `PgDatabase` to `instanceof` (Auth.js's
 * adapter checks), and forwards everything to the one `open()` returns.
 */
export function lazyDatabase(open: () => DatabaseHandle): Database {
  return new Proxy(Object.create(PgDatabase.prototype) as Database, {
    get(_target, property) {
      const db = open().db;
      const value: unknown = Reflect.get(db, property, db);
      return typeof value === 'function' ? value.bind(db) : value;
    },
    has: (_target, property) => Reflect.has(open().db, property),
  });
}
