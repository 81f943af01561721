import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

/**
 * Production app servers for tests and benches: the standalone server `npm run build`
 * writes (`node .next/standalone/server.js`), as a deployment runs it.
 */

export const STANDALONE_SERVER = path.resolve('.next/standalone/server.js');

/** Builds the app once (`npm run build`) if there is no standalone build yet. */
export function ensureProductionBuild() {
  if (existsSync(STANDALONE_SERVER) && existsSync('.next/BUILD_ID')) return;
  const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (build.status !== 0) throw new Error('npm run build failed');
}

/** A port nothing listens on right now, chosen by the OS. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Every variable lib/env.ts or the emulator reads (tests/unit/env.test.ts checks that it
 * covers lib/env.ts's APP_VARIABLES; importing lib/env.ts here would load it).
 */
export const APP_VARIABLE_PATTERN =
  /^(APP_URL|DATA_DIR|PORT|DATABASE_URL|PORTAL_FLOWS_\w+|STRIPE_\w+|EMULATOR_\w+|AUTH_\w+|EMAIL_\w+|BILLING_\w+|SYNC_\w+)$/;

/**
 * The environment of a server under test: this process's, without any variable the app
 * reads (a developer's STRIPE_SECRET_KEY or DATABASE_URL must not leak in, and a blank
 * one is an error), then exactly `env`.
 */
export function appServerEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !APP_VARIABLE_PATTERN.test(name)));
  return { ...clean, NEXT_TELEMETRY_DISABLED: '1', ...env, NODE_ENV: 'production' };
}

export interface AppServer {
  readonly port: number;
  /** `http://127.0.0.1:port`, for requests from the test itself. */
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  /** Resolves with its exit code once it has exited. */
  readonly exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** Starts the standalone server on `port` with exactly `env` (see appServerEnv); does not wait for it. */
export function launchAppServer(port: number, env: Record<string, string>): AppServer {
  if (!existsSync(STANDALONE_SERVER)) throw new Error('No standalone build: run `npm run build` first.');
  const child = spawn(process.execPath, [STANDALONE_SERVER], {
    env: appServerEnv({ PORT: String(port), ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  for (const stream of [child.stdout, child.stderr]) stream?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    },
  };
}

/** Starts the standalone server and resolves once it answers at `/`; rejects with its output if it exits first. */
export async function startAppServer(port: number, env: Record<string, string>, timeoutMs = 60_000): Promise<AppServer> {
  const server = launchAppServer(port, env);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null)
      throw new Error(`the app on port ${port} exited ${server.child.exitCode}:\n${server.output().slice(-3000)}`);
    try {
      await fetch(`${server.url}/`, { signal: AbortSignal.timeout(2000) });
      return server;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  await server.stop();
  throw new Error(`the app on port ${port} did not answer within ${timeoutMs / 1000} s:\n${server.output().slice(-3000)}`);
}
