// Runs once when a Next.js server starts: parsing the environment here makes a
// wrong variable stop start-up with its message, not fail the first request.
export async function register() {
  // Next.js compiles this file for the edge runtime too, where lib/env.ts's node:
  // imports do not exist; NEXT_RUNTIME is inlined by the compiler.
  if (process.env.NEXT_RUNTIME === 'nodejs') await import('./lib/env');
}
