import { readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * One process at a time for the embedded database. PGlite keeps no lock of its own: two
 * processes opening one data directory each write over the other's files, which ends in
 * "Aborted()" from its WebAssembly and a directory only deleting fixes. So whoever opens it
 * first writes `<dir>.lock` with its pid, and everyone else is refused with a message that
 * says who holds it and what to do. A lock whose process is gone (a crash, a kill -9) is
 * taken over, so a crash never leaves the database locked.
 */

interface LockRecord {
  pid: number;
  /** The holder's command line, to name it in the message. */
  command: string;
  since: string;
  host: string;
  /** Linux: the process's start time in clock ticks since boot, to tell a reused pid apart. */
  started: string | null;
}

export class DatabaseBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: Pick<LockRecord, 'pid' | 'command' | 'since'>,
  ) {
    const lockFile = lockFileOf(dataDir);
    super(
      `The embedded database ${displayPath(dataDir)} is in use by another process ` +
        `(pid ${holder.pid}: ${holder.command}, since ${holder.since}). Only one process may open it at a time.\n` +
        `  While \`npm run dev\` runs, apply billing.config.ts with \`npm run stripe:setup\` (it goes through the running app); ` +
        `for anything else, stop that process first.\n` +
        `  If no such process is running, delete ${displayPath(lockFile)}.`,
    );
    this.name = 'DatabaseBusyError';
  }
}

const lockFileOf = (dataDir: string) => `${dataDir.replace(/[\\/]+$/, '')}.lock`;

function displayPath(file: string) {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') ? relative : file;
}

/** Clock ticks since boot at which `pid` started (field 22 of /proc/<pid>/stat), or null where there is no /proc. */
function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count from the last ")".
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function isRunning(record: LockRecord) {
  if (record.host !== os.hostname()) return true; // Another machine's process: cannot tell, so assume so.
  if (record.pid === process.pid) return false; // A lock we do not hold (see `held`) is from an earlier process with our pid.
  try {
    process.kill(record.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  // The pid is taken; by the same process only if it started when the lock says.
  const started = processStart(record.pid);
  return record.started === null || started === null || started === record.started;
}

function readRecord(lockFile: string): LockRecord | null {
  try {
    const record = JSON.parse(readFileSync(lockFile, 'utf8')) as Partial<LockRecord>;
    return typeof record.pid === 'number'
      ? ({ command: '?', since: '?', host: os.hostname(), started: null, ...record } as LockRecord)
      : null;
  } catch {
    return null;
  }
}

// Locks this process holds, by lock file. On globalThis: Next.js may load this module more than once per process.
const globalForLocks = globalThis as typeof globalThis & { portalFlowsPgliteLocks?: Set<string> };
const held = (globalForLocks.portalFlowsPgliteLocks ??= new Set());

/**
 * Takes the lock on a PGlite data directory for this process, or throws DatabaseBusyError.
 * Returns the function that releases it; it is also released when the process exits.
 */
export function lockPgliteDirectory(dataDir: string): () => void {
  const lockFile = lockFileOf(path.resolve(dataDir));
  if (held.has(lockFile)) {
    throw new Error(`${displayPath(dataDir)} is already open in this process; open it once and share the handle`);
  }
  const record: LockRecord = {
    pid: process.pid,
    command:
      process.argv
        .slice(1)
        .map((arg) => path.basename(arg))
        .join(' ')
        .slice(0, 200) || 'node',
    since: new Date().toISOString(),
    host: os.hostname(),
    started: processStart(process.pid),
  };
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(lockFile, JSON.stringify(record), { flag: 'wx', mode: 0o644 });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readRecord(lockFile);
      if (holder && isRunning(holder)) throw new DatabaseBusyError(dataDir, holder);
      // Stale (its process is gone) or unreadable (a crash while writing it): take it over.
      if (attempt >= 2) throw new DatabaseBusyError(dataDir, holder ?? { pid: 0, command: 'unknown', since: '?' });
      rmSync(lockFile, { force: true });
    }
  }
  held.add(lockFile);
  removeCrashLeftovers(dataDir);

  const release = () => {
    if (!held.delete(lockFile)) return;
    process.off('exit', release);
    if (readRecord(lockFile)?.pid === process.pid) {
      try {
        unlinkSync(lockFile);
      } catch {
        // Already gone.
      }
    }
  };
  process.on('exit', release);
  return release;
}

/**
 * Files a killed PGlite can leave behind that make the next start fail: Postgres names its
 * temporary WAL segment after its pid, which in PGlite is always the same, so a segment a
 * crash left half-made ("could not create file pg_wal/xlogtemp.42: File exists") blocks
 * recovery. Safe to delete while we hold the lock: nobody else has the directory open.
 */
function removeCrashLeftovers(dataDir: string) {
  const wal = path.join(dataDir, 'pg_wal');
  let names: string[];
  try {
    names = readdirSync(wal);
  } catch {
    return;
  }
  for (const name of names) if (name.startsWith('xlogtemp.')) rmSync(path.join(wal, name), { force: true });
}
