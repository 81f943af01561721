import 'server-only';
import { env } from '@/lib/env';
import { databaseTarget, openDatabase, type DatabaseHandle } from './client';

// In development Next.js re-evaluates modules on every edit; keeping the handle on
// globalThis stops each reload from opening another PGlite instance on the same
// directory (only one may hold it) or another Postgres pool.
const globalForDb = globalThis as typeof globalThis & { portalFlowsDb?: DatabaseHandle };

const handle = globalForDb.portalFlowsDb ?? openDatabase(databaseTarget(env.databaseUrl, env.dataDir));
if (env.nodeEnv !== 'production') globalForDb.portalFlowsDb = handle;

export const db = handle.db;
