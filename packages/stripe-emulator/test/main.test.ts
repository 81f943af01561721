import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stripeClient } from '../src/testing.js';

// The `stripe-emulator` command as built (`npm run build` in this package): plain Node, no tsx.
// Environment validation, the start-up line, and a clean stop that saves.

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

let dir: string;

beforeAll(async () => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` in packages/stripe-emulator first.`);
  dir = await mkdtemp(join(tmpdir(), 'stripe-emulator-main-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, [cli], {
    cwd: dir,
    env: { ...process.env, EMULATOR_PORT: '0', EMULATOR_WEBHOOK_URL: '', EMULATOR_DATA: join(dir, 'main.json'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

describe('the emulator command', () => {
  it('refuses invalid settings, naming the variable', async () => {
    const run = start({ EMULATOR_PORT: 'twelve', EMULATOR_WEBHOOK_SECRET: 'not-a-secret' });
    expect(await run.exited).toBe(1);
    const { stderr } = run.output();
    expect(stderr).toContain('EMULATOR_PORT="twelve" is not valid');
    expect(stderr).toContain('EMULATOR_WEBHOOK_SECRET="not-a-secret" is not valid');
  });

  it('prints its URL, serves the API and saves its state when stopped', async () => {
    const dataFile = join(dir, 'served.json');
    const run = start({ EMULATOR_DATA: dataFile });
    await expect.poll(() => run.output().stdout, { timeout: 15_000 }).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    const port = Number(/127\.0\.0\.1:(\d+)/.exec(run.output().stdout)![1]);

    const customer = await stripeClient(port).customers.create({ email: 'cli@example.com' });
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    const state = JSON.parse(await readFile(dataFile, 'utf8')) as { collections: { customers: { id: string }[] } };
    expect(state.collections.customers.map((saved) => saved.id)).toEqual([customer.id]);
  }, 30_000);
});

describe('the webhook signing secret', () => {
  it('is generated once into the data directory (owner-only) and kept across restarts', async () => {
    const dataDir = join(dir, 'secret-dir');
    const dataFile = join(dataDir, 'state.json');
    const env = { EMULATOR_DATA: dataFile };
    const first = start(env);
    await expect.poll(() => first.output().stdout, { timeout: 15_000 }).toMatch(/listening on/);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const secretFile = join(dataDir, 'stripe-emulator-webhook-secret');
    const secret = (await readFile(secretFile, 'utf8')).trim();
    expect(secret).toMatch(/^whsec_[0-9a-f]{48}$/);
    expect(secret).not.toBe('whsec_emulator');
    expect((await stat(secretFile)).mode & 0o777).toBe(0o600);
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);

    const second = start(env);
    await expect.poll(() => second.output().stdout, { timeout: 15_000 }).toMatch(/listening on/);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect((await readFile(secretFile, 'utf8')).trim()).toBe(secret);
  }, 40_000);
});
