import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The data directory holds the embedded database (users' rows, OAuth tokens), the
 * emulator's state and development secrets: it is created readable by its owner
 * only, and the secrets in it are files only their owner can read.
 */
export function ensureDataDir(dataDir: string) {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // `mode` only applies to a directory mkdir creates; tighten one an older version left open.
  if ((statSync(dataDir).mode & 0o077) !== 0) chmodSync(dataDir, 0o700);
}

/**
 * The secret kept in `dataDir/name`, created on first use by `create` (mode 0600). Safe when two processes (the dev orchestrator and
 * the app, two test workers) ask at once: the first write wins and both read it.
 */
export function readOrCreateSecret(dataDir: string, name: string, create: () => string) {
  const file = path.join(dataDir, name);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    ensureDataDir(dataDir);
    try {
      writeFileSync(file, `${create()}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    return readFileSync(file, 'utf8').trim();
  }
}

/** Where the Stripe emulator's webhook signing secret lives; the emulator writes the same file (emulator/main.ts). */
export const EMULATOR_WEBHOOK_SECRET_FILE = 'stripe-emulator-webhook-secret';
