import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PgDatabase } from 'drizzle-orm/pg-core';
import { lazyDatabase, openDatabase, type DatabaseHandle } from '@/lib/db/client';
import { DatabaseBusyError } from '@/lib/db/pglite-lock';
import { findUserByEmail } from '@/lib/db/queries';

// One writer for the embedded database: a second process is refused with a message that
// says who holds it and what to do, never let in to corrupt it; a holder that crashed
// leaves nothing that stops the next start.

const holderScript = path.resolve('tests/support/hold-database.ts');

let root: string;
let dataDir: string;
const children: ChildProcess[] = [];
const handles: DatabaseHandle[] = [];

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'portal-flows-lock-'));
  dataDir = path.join(root, 'pglite');
});

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const handle of handles.splice(0)) await handle.close().catch(() => {});
  rmSync(root, { recursive: true, force: true });
});

function open() {
  const handle = openDatabase({ kind: 'pglite', dataDir });
  handles.push(handle);
  return handle;
}

/** Starts another process holding the database; resolves once it has written its row. */
async function otherProcessHolding(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', holderScript, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready')) resolve();
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`the holder exited with ${code}: ${output}`)));
  });
  return child;
}

async function killed(child: ChildProcess) {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('the embedded database lock', () => {
  it('a second process is refused, naming the holder’s pid, the command to use and the lock file', async () => {
    const holder = await otherProcessHolding();
    let refused: unknown;
    try {
      open();
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(DatabaseBusyError);
    const message = (refused as Error).message;
    expect(message).toContain(`is in use by another process (pid ${holder.pid}: `);
    expect(message).toContain('hold-database.ts');
    expect(message).toContain('`npm run stripe:setup` (it goes through the running app)');
    expect(message).toContain(`delete ${path.join(root, 'pglite.lock')}`);
    // Refused before PGlite touched anything: the holder still reads and writes.
    expect(JSON.parse(readFileSync(`${dataDir}.lock`, 'utf8'))).toMatchObject({ pid: holder.pid });
  });

  it('a holder killed with SIGKILL leaves the database openable, with what it wrote, even with a half-made WAL segment', async () => {
    await killed(await otherProcessHolding());
    expect(existsSync(`${dataDir}.lock`)).toBe(true);
    // What a kill during a WAL segment's creation leaves behind, which would stop recovery.
    const leftover = path.join(dataDir, 'pg_wal', 'xlogtemp.42');
    writeFileSync(leftover, 'half a segment');
    const handle = open();
    expect(existsSync(leftover)).toBe(false);
    expect(await findUserByEmail(handle.db, 'held@example.com')).toMatchObject({ email: 'held@example.com' });
    expect(JSON.parse(readFileSync(`${dataDir}.lock`, 'utf8'))).toMatchObject({ pid: process.pid });
  }, 120_000);

  it('close() releases the lock, and the same process may not open the directory twice at once', async () => {
    const first = open();
    await first.migrate();
    expect(() => openDatabase({ kind: 'pglite', dataDir })).toThrow('is already open in this process');
    await first.close();
    handles.splice(handles.indexOf(first), 1);
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
    const again = open();
    await again.migrate();
    expect(await findUserByEmail(again.db, 'nobody@example.com')).toBeNull();
  });
});

describe('lazyDatabase', () => {
  it('opens nothing until first used, is a drizzle PgDatabase, then forwards to the opened database', async () => {
    const real = openDatabase({ kind: 'pglite', dataDir: undefined });
    handles.push(real);
    await real.migrate();
    let opened = 0;
    const db = lazyDatabase(() => {
      opened += 1;
      return real;
    });
    expect(db).toBeInstanceOf(PgDatabase);
    expect(opened).toBe(0);
    expect(await findUserByEmail(db, 'ada@example.com')).toBeNull();
    expect(opened).toBeGreaterThan(0);
    await db.transaction(async (tx) => {
      expect(await findUserByEmail(tx, 'ada@example.com')).toBeNull();
    });
  });
});
