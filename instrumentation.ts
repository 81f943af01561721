// Runs once when a Next.js server starts, before it serves a request: the environment
// is checked (a wrong variable stops start-up with its message, not the first request),
// the start-up banner printed and the database migrated (lib/startup.ts).
export async function register() {
  // Next.js compiles this file for the edge runtime too, where lib/env.ts's node:
  // imports do not exist; NEXT_RUNTIME is inlined by the compiler.
  if (process.env.NEXT_RUNTIME === 'nodejs') await (await import('./lib/startup')).startServer();
}
