import { EnvError, parseEnv } from '@/lib/env';

/** The problems parseEnv lists for `source`; fails the test when it accepts it. */
export function envProblems(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error.problems;
    throw error;
  }
  throw new Error('expected parseEnv to throw');
}
