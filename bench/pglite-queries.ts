// npm run bench:pglite — the app's own queries on PGlite as it comes and on the
// StatementCachingPGlite the app opens (lib/db/pglite-statement-cache.ts), both in memory,
// migrated and seeded alike, in one process. Prints µs per query.
//
//   npm run bench:pglite                      5,000 samples per query and database
//   npm run bench:pglite -- --iterations 20000
import os from 'node:os';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { migrationsFolder, openDatabase, type Database } from '../lib/db/client';
import { findSubscriptionsByCustomer, findUserByEmail, findUserWithCustomer, upsertUserByEmail } from '../lib/db/queries';
import * as schema from '../lib/db/schema';
import { percentile } from './stats';

const { values } = parseArgs({ options: { iterations: { type: 'string', default: '5000' } } });
const iterations = Number(values.iterations);
if (!Number.isInteger(iterations) || iterations < 100 || iterations > 100_000) {
  console.error('--iterations must be a whole number from 100 to 100000');
  process.exit(2);
}

const plainClient = new PGlite();
const plain = drizzle(plainClient, { schema });
await migrate(plain, { migrationsFolder });
const cachedHandle = openDatabase({ kind: 'pglite', dataDir: undefined });
await cachedHandle.migrate();

const databases: Record<'plain' | 'cached', Database> = { plain, cached: cachedHandle.db };
const email = 'bench@example.com';
const ids = { plain: '', cached: '' };
for (const side of ['plain', 'cached'] as const) {
  const user = await upsertUserByEmail(databases[side], email);
  await databases[side].insert(schema.customers).values({ userId: user.id, stripeCustomerId: 'cus_bench' });
  ids[side] = user.id;
}

const queries: [string, (db: Database, id: string) => Promise<unknown>][] = [
  ['findUserWithCustomer (every page and click)', (db, id) => findUserWithCustomer(db, id)],
  ['findUserByEmail (sign-in)', (db) => findUserByEmail(db, email)],
  ['findSubscriptionsByCustomer (account page)', (db) => findSubscriptionsByCustomer(db, 'cus_bench')],
];

async function sample(db: Database, id: string, query: (db: Database, id: string) => Promise<unknown>, count: number) {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await query(db, id);
    times.push(performance.now() - started);
  }
  return times;
}

const p50 = (times: number[]) => percentile(times, 50);
const mean = (times: number[]) => times.reduce((sum, t) => sum + t, 0) / times.length;
const us = (ms: number) => `${(ms * 1000).toFixed(0)} µs`.padStart(9);

console.log(
  `PGlite queries — ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, Node ${process.version}`,
);
console.log(`${iterations} samples per query and database after ${Math.min(iterations, 1000)} warm-up, in alternating blocks of 100.\n`);
console.log(
  `${'query'.padEnd(46)}${'PGlite p50'.padStart(11)}${'cached p50'.padStart(11)}${'PGlite mean'.padStart(12)}${'cached mean'.padStart(12)}${'cached ÷ PGlite'.padStart(17)}`,
);
for (const [label, query] of queries) {
  for (const side of ['plain', 'cached'] as const) await sample(databases[side], ids[side], query, Math.min(iterations, 1000));
  const times = { plain: [] as number[], cached: [] as number[] };
  for (let done = 0; done < iterations; done += 100) {
    const order = (done / 100) % 2 === 0 ? (['plain', 'cached'] as const) : (['cached', 'plain'] as const);
    for (const side of order) times[side].push(...(await sample(databases[side], ids[side], query, 100)));
  }
  console.log(
    `${label.padEnd(46)}${us(p50(times.plain)).padStart(11)}${us(p50(times.cached)).padStart(11)}${us(mean(times.plain)).padStart(12)}${us(mean(times.cached)).padStart(12)}${`${(p50(times.cached) / p50(times.plain)).toFixed(2)}×`.padStart(17)}`,
  );
}

await plainClient.close();
await cachedHandle.close();
