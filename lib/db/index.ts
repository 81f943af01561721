import 'server-only';
import { env } from '@/lib/env';
import { databaseTarget, openDatabase, type DatabaseHandle } from './client';

// One handle per process, kept on globalThis. Next.js may evaluate this module
// more than once in a process — on every edit in development, and once per
// server bundle (pages, route handlers) in production — and only one PGlite
// instance may hold a data directory: two would each see only their own writes.
const globalForDb = globalThis as typeof globalThis & { portalFlowsDb?: DatabaseHandle };

const handle = (globalForDb.portalFlowsDb ??= openDatabase(databaseTarget(env.databaseUrl, env.dataDir)));

export const db = handle.db;

/** Applies pending migrations on this process's own connection (the only one PGlite allows); run at boot. */
export const migrateDatabase = () => handle.migrate();

/** The same database with its driver, for the job queue (lib/jobs.ts). */
export const dbHandle = handle;
