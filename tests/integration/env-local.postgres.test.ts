import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startEmulator } from '@portal-flows/stripe-emulator/testing';
import { assertLocalDatabaseUrl, createScratchDatabase } from '../support/scratch-database';
import { commandEnv, copyProject, freePort, getWhenUp, npmRun, npmRunToEnd } from '../commands/support';

// Acceptance: with DATABASE_URL only in .env.local — as the README says to set variables —
// `npm run db:migrate`, `npm run stripe:setup` and `npm run dev` (its set-up and the app it
// starts) all use that PostgreSQL database, and none opens the embedded one. The commands
// run as a developer runs them, in a scratch copy of the project (see tests/commands/).

let project: ReturnType<typeof copyProject>;
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let sql: postgres.Sql;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  const adminUrl = inject('adminDatabaseUrl');
  if (!adminUrl) throw new Error('needs DATABASE_URL: a local PostgreSQL server (see vitest.config.ts)');
  assertLocalDatabaseUrl(adminUrl);
  scratch = await createScratchDatabase(adminUrl, 'portal_flows_env_local');
  sql = postgres(scratch.url, { max: 1, onnotice: () => {} });
  project = copyProject('env-local');
  writeFileSync(path.join(project.dir, '.env.local'), `# Only here, not in the shell.\nDATABASE_URL=${scratch.url}\n`);
  env = commandEnv({}); // no DATABASE_URL in the environment itself
  expect(env.DATABASE_URL).toBeUndefined();
});

afterAll(async () => {
  await sql?.end();
  await scratch?.drop();
  project?.remove();
});

const tables = async () =>
  (await sql<{ table_name: string }[]>`select table_name from information_schema.tables where table_schema = 'public'`).map(
    (row) => row.table_name,
  );
const embedded = () => path.join(project.dir, '.data', 'pglite');

// Each step runs a command to its end (and the last, the app): minutes on a busy machine.
describe('DATABASE_URL in .env.local only', { timeout: 600_000 }, () => {
  it('npm run db:migrate creates the tables in that database', async () => {
    const { code, output } = await npmRunToEnd(project.dir, 'db:migrate', [], env);
    expect(output).toContain('✓ environment from .env.local');
    expect(output).toContain('✓ database migrated: PostgreSQL (DATABASE_URL)');
    expect(code).toBe(0);
    expect(await tables()).toEqual(expect.arrayContaining(['users', 'customers', 'billing_catalog', 'subscriptions']));
    expect(existsSync(embedded())).toBe(false);
  });

  it('npm run stripe:setup writes the catalogue there', async () => {
    const emulator = await startEmulator();
    try {
      const { code, output } = await npmRunToEnd(project.dir, 'stripe:setup', [], { ...env, EMULATOR_PORT: String(emulator.port) });
      expect(output).toMatch(/✓ billing set up in the Stripe emulator/);
      expect(code).toBe(0);
    } finally {
      await emulator.close();
    }
    const [row] = await sql<{ count: number }[]>`select count(*)::int as count from billing_catalog where stripe_mode = 'emulator'`;
    expect(row?.count).toBeGreaterThan(0);
    expect(existsSync(embedded())).toBe(false);
  });

  it('npm run dev sets up and serves from that database', async () => {
    const port = await freePort(process.env.DEV_LOOP_PORT);
    const emulatorPort = await freePort(process.env.DEV_LOOP_EMULATOR_PORT);
    const appUrl = `http://localhost:${port}`;
    await sql`delete from billing_catalog`;
    const dev = npmRun(project.dir, 'dev', [], { ...env, PORT: String(port), APP_URL: appUrl, EMULATOR_PORT: String(emulatorPort) });
    try {
      const output = await dev.waitFor(/✓ app starting on /, 240_000);
      expect(output).toContain('✓ database migrated: PostgreSQL (DATABASE_URL)');
      // Its set-up wrote the catalogue and the demo customers to PostgreSQL...
      const [row] = await sql<{ count: number }[]>`select count(*)::int as count from billing_catalog`;
      expect(row?.count).toBeGreaterThan(0);
      expect(await sql`select 1 from users where email = 'demo@example.com'`).toHaveLength(1);
      // ...and the app it started reads them from there: the embedded database has no tables
      // (and does not exist), so a page served from it would fail.
      const pricing = await getWhenUp(`${appUrl}/pricing`);
      expect(pricing.status).toBe(200);
      expect(pricing.html).toContain('data-plan=');
      expect(existsSync(embedded())).toBe(false);
    } finally {
      await dev.stop();
    }
  });
});
