import nextEnv from '@next/env';
import type { Env } from '../../lib/env';

/**
 * Loads `.env.$NODE_ENV.local`, `.env.local` (not under NODE_ENV=test), `.env.$NODE_ENV` and `.env`
 * from the project directory into process.env exactly as Next.js does (it is Next.js's own
 * loader), so a command and the app it serves agree on the database and Stripe. Variables
 * already set in the shell win. NODE_ENV=production selects the production files; anything
 * else the development ones, as `next dev` does. Idempotent.
 */
export function loadDotEnvFiles(dir = process.cwd()) {
  const { loadedEnvFiles } = nextEnv.loadEnvConfig(dir, process.env.NODE_ENV !== 'production', {
    info: () => {},
    error: (...args: unknown[]) => console.error('✗', ...args),
  });
  return loadedEnvFiles.map((file) => file.path);
}

/**
 * The environment as the shell gave it, before any `.env` file was loaded: what to hand a
 * child `next` process, which loads the same files itself (and, in development, reloads
 * them when they change — which it would not do for values it inherited).
 */
export function shellEnv(): NodeJS.ProcessEnv {
  return { ...(nextEnv.initialEnv ?? process.env) } as NodeJS.ProcessEnv;
}

/**
 * Loads the `.env` files, then lib/env.ts, for a command-line script: a bad variable prints
 * the list of problems and exits 1, instead of a stack trace. Call it before anything
 * imports lib/env.ts, which reads process.env once.
 */
export async function loadEnvOrExit(): Promise<Env> {
  const files = loadDotEnvFiles();
  if (files.length > 0) console.log(`✓ environment from ${files.join(', ')}`);
  try {
    return (await import('../../lib/env')).env;
  } catch (error) {
    if (error instanceof Error && error.name === 'EnvError') {
      console.error(`\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
