import type { Env } from '../../lib/env';

/**
 * Loads lib/env.ts for a command-line script: a bad variable prints the list of
 * problems and exits 1, instead of a stack trace.
 */
export async function loadEnvOrExit(): Promise<Env> {
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
