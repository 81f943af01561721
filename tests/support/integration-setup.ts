import type { TestProject } from 'vitest/node';
import { assertLocalDatabaseUrl, createScratchDatabase } from './scratch-database';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A fresh PostgreSQL database for this run, or undefined to use in-memory PGlite. */
    databaseUrl: string | undefined;
    /** The server's maintenance database, for tests that need a scratch database of their own. */
    adminDatabaseUrl: string | undefined;
  }
}

// Vitest's global setup: with DATABASE_URL set, every run gets its own database
// on that server (dropped afterwards), so runs never see each other's rows.
export default async function setup(project: TestProject) {
  const adminUrl = process.env.DATABASE_URL || undefined;
  if (/sk_live_/.test(process.env.STRIPE_SECRET_KEY ?? '')) {
    throw new Error('Refusing to run tests with a live Stripe key in STRIPE_SECRET_KEY.');
  }
  if (!adminUrl) {
    project.provide('databaseUrl', undefined);
    project.provide('adminDatabaseUrl', undefined);
    return;
  }
  assertLocalDatabaseUrl(adminUrl);
  const scratch = await createScratchDatabase(adminUrl, 'portal_flows_test');
  project.provide('databaseUrl', scratch.url);
  project.provide('adminDatabaseUrl', adminUrl);
  return () => scratch.drop();
}
