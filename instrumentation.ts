// Runs once when a Next.js server starts: parsing the environment here makes a
// wrong variable stop start-up with its message, not fail the first request; then
// the sync queue's workers start in this process (lib/jobs.ts).
export async function register() {
  // Next.js compiles this file for the edge runtime too, where lib/env.ts's node:
  // imports do not exist; NEXT_RUNTIME is inlined by the compiler. `next build` may
  // load this file too, and must not start workers.
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  await import('./lib/env');
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const { startSyncWorkers } = await import('./lib/jobs');
  void startSyncWorkers();
}
