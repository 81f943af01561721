import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '@/lib/db/client';
import { customers, users } from '@/lib/db/schema';
import { createScratchDatabase } from '../support/scratch-database';

const EXPECTED_TABLES = [
  'accounts',
  'billing_catalog',
  'catch_up_cursor',
  'custom_domains',
  'customers',
  'payment_methods',
  'sessions',
  'subscriptions',
  'users',
  'verification_tokens',
  'webhook_events',
];

async function publicTables(handle: DatabaseHandle) {
  type Row = { table_name: string };
  const result = (await handle.db.execute(
    sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
  )) as Row[] | { rows: Row[] };
  // postgres-js returns the rows themselves, PGlite a result object holding them.
  const rows = Array.isArray(result) ? result : result.rows;
  return rows.map((row) => row.table_name);
}

async function checkMigrations(handle: DatabaseHandle) {
  expect(await publicTables(handle)).toEqual([]);
  await handle.migrate();
  expect(await publicTables(handle)).toEqual(EXPECTED_TABLES);
  // Applying again is a no-op, not an error.
  await handle.migrate();
  expect(await publicTables(handle)).toEqual(EXPECTED_TABLES);

  const [ada, bob] = await handle.db
    .insert(users)
    .values([{ email: 'ada@example.com' }, { email: 'bob@example.com' }])
    .returning();
  if (!ada || !bob) throw new Error('insert returned no rows');
  await handle.db.insert(customers).values({ userId: ada.id, stripeCustomerId: 'cus_ada' });
  // One Stripe customer per user, and one user per Stripe customer.
  await expect(handle.db.insert(customers).values({ userId: ada.id, stripeCustomerId: 'cus_other' })).rejects.toThrow();
  await expect(handle.db.insert(customers).values({ userId: bob.id, stripeCustomerId: 'cus_ada' })).rejects.toThrow();
  await expect(handle.db.insert(users).values({ email: 'ada@example.com' })).rejects.toThrow();
}

describe('migrations', () => {
  const opened: DatabaseHandle[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((handle) => handle.close()));
  });

  // A fresh PGlite starts its WebAssembly Postgres and runs every migration: slow on a busy machine.
  it('apply to an empty embedded PGlite database', async () => {
    const handle = openDatabase({ kind: 'pglite', dataDir: undefined });
    opened.push(handle);
    await checkMigrations(handle);
  }, 120_000);

  // Defined only when the run has a PostgreSQL server (DATABASE_URL), as CI's second pass does.
  const adminUrl = inject('adminDatabaseUrl');
  if (adminUrl) {
    it('apply to an empty PostgreSQL database', async () => {
      const scratch = await createScratchDatabase(adminUrl, 'portal_flows_migrations');
      const handle = openDatabase({ kind: 'postgres', url: scratch.url, maxConnections: 2 });
      try {
        await checkMigrations(handle);
      } finally {
        await handle.close();
        await scratch.drop();
      }
    });
  }
});
