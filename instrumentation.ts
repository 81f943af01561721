// Runs once when a Next.js server starts, before it serves a request: the environment
// is checked (a wrong variable stops start-up with its message, not the first request),
// the start-up banner printed and the database migrated (lib/startup.ts); then the sync
// queue's workers start in this process (lib/jobs.ts).
export async function register() {
  // Next.js compiles this file for the edge runtime too, where lib/env.ts's node:
  // imports do not exist; NEXT_RUNTIME is inlined by the compiler.
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  await (await import('./lib/startup')).startServer();
  // `next build` may load this file too, and must not start workers.
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const { startSyncWorkers } = await import('./lib/jobs');
  void startSyncWorkers();
}
