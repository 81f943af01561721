import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureDataDir, readOrCreateSecret } from '@/lib/data-dir';

// The data directory holds the embedded database, the emulator's state and development
// secrets: it and the secrets in it are readable by their owner only.

const root = mkdtempSync(path.join(tmpdir(), 'portal-flows-data-dir-'));
const modeOf = (file: string) => statSync(file).mode & 0o777;

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the data directory', () => {
  it('is created 0700, and an existing one left open is tightened', () => {
    const fresh = path.join(root, 'fresh', '.data');
    ensureDataDir(fresh);
    expect(modeOf(fresh)).toBe(0o700);
    const open = path.join(root, 'open');
    mkdirSync(open, { mode: 0o755 });
    ensureDataDir(open);
    expect(modeOf(open)).toBe(0o700);
  });

  it('keeps a secret in a 0600 file, created once and read back after', () => {
    const dir = path.join(root, 'secrets');
    let made = 0;
    const create = () => `secret-${++made}`;
    expect(readOrCreateSecret(dir, 'auth-secret', create)).toBe('secret-1');
    expect(readOrCreateSecret(dir, 'auth-secret', create)).toBe('secret-1');
    expect(made).toBe(1);
    expect(modeOf(path.join(dir, 'auth-secret'))).toBe(0o600);
    expect(modeOf(dir)).toBe(0o700);
    expect(readFileSync(path.join(dir, 'auth-secret'), 'utf8')).toBe('secret-1\n');
  });
});
