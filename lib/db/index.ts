import 'server-only';
import { env } from '@/lib/env';
import { databaseTarget, lazyDatabase, openDatabase, type DatabaseHandle } from './client';

// One handle per process, kept on globalThis. Next.js may evaluate this module
// more than once in a process — on every edit in development, and once per
// server bundle (pages, route handlers) in production — and only one PGlite
// instance may hold a data directory: two would each see only their own writes.
const globalForDb = globalThis as typeof globalThis & { portalFlowsDb?: DatabaseHandle };

/** The process's one handle, opened by the first query (not by `next build`, which loads this module too). */
function databaseHandle(): DatabaseHandle {
  return (globalForDb.portalFlowsDb ??= openDatabase(databaseTarget(env.databaseUrl, env.dataDir)));
}

export const db = lazyDatabase(databaseHandle);

/** Applies pending migrations on this process's own connection (the only one PGlite allows); run at boot. */
export const migrateDatabase = () => databaseHandle().migrate();

/** The same database with its driver, for the job queue (lib/jobs.ts). */
export const dbHandle = databaseHandle;
