import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * How commands reach a running `npm run dev`. The embedded database has one writer — the
 * app — so `npm run stripe:setup`, `stripe:doctor` and the billing.config.ts watcher hand
 * their work to the app instead of opening the database themselves. `npm run dev` writes
 * `DATA_DIR/dev-server.json` (its pid, the app's URL and a random token, readable by this
 * user only); the app's development-only route (app/api/dev/billing) answers requests that
 * carry the token.
 */

const DEV_SERVER_FILE = 'dev-server.json';
export const DEV_BILLING_PATH = '/api/dev/billing';

export interface DevServerRecord {
  /** The `npm run dev` process. */
  pid: number;
  /** Where the app listens on this machine (loopback), e.g. http://127.0.0.1:3000. */
  localUrl: string;
  token: string;
  startedAt: string;
}

const fileOf = (dataDir: string) => path.join(dataDir, DEV_SERVER_FILE);

function isRunning(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The running `npm run dev` for this data directory, or null (none, or one that is gone). */
export function readDevServer(dataDir: string): DevServerRecord | null {
  let record: Partial<DevServerRecord>;
  try {
    record = JSON.parse(readFileSync(fileOf(dataDir), 'utf8')) as Partial<DevServerRecord>;
  } catch {
    return null;
  }
  if (typeof record.pid !== 'number' || typeof record.token !== 'string' || typeof record.localUrl !== 'string') return null;
  return isRunning(record.pid) ? (record as DevServerRecord) : null;
}

/** Writes this process's record, readable by its user only; returns the function that removes it. */
export function writeDevServer(dataDir: string, localUrl: string): { record: DevServerRecord; remove: () => void } {
  const record: DevServerRecord = {
    pid: process.pid,
    localUrl,
    token: randomBytes(32).toString('base64url'),
    startedAt: new Date().toISOString(),
  };
  mkdirSync(dataDir, { recursive: true });
  const file = fileOf(dataDir);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(record), { mode: 0o600 });
  renameSync(temp, file);
  const remove = () => {
    process.off('exit', remove);
    try {
      const current = JSON.parse(readFileSync(file, 'utf8')) as Partial<DevServerRecord>;
      if (current.pid === process.pid) rmSync(file, { force: true });
    } catch {
      // Already gone.
    }
  };
  process.on('exit', remove);
  return { record, remove };
}

/** Whether `authorization` is `Bearer <the token of the running npm run dev>`, compared in constant time. */
export function isDevServerToken(dataDir: string, authorization: string | null): boolean {
  const record = readDevServer(dataDir);
  const given = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
  if (!record || !given) return false;
  const expected = Buffer.from(record.token);
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
