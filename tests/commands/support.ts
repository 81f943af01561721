import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort as anyFreePort } from '../support/app-server';
import { groupAlive } from '../../scripts/lib/processes';

// Helpers for tests that run the project's npm scripts as a developer would, in a scratch
// copy of the project, so they may edit its files and fill its .data/ freely.

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// Not copied: installed and generated files, and the developer's own .env files (a test
// sets exactly the environment it means to).
const SKIPPED = new Set(['node_modules', '.next', '.data', '.git', 'test-results', 'playwright-report', 'blob-report', 'coverage']);
const isLocalEnvFile = (name: string) => /^\.env(\..+)?$/.test(name) && name !== '.env.example';

/** A copy of the project in a temporary directory, with the same installed packages. */
export function copyProject(label: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), `portal-flows-${label}-`));
  cpSync(projectRoot, dir, {
    recursive: true,
    filter: (source) => {
      const name = path.basename(source);
      return source === projectRoot || !(SKIPPED.has(name) || isLocalEnvFile(name));
    },
  });
  // Turbopack refuses a node_modules that is a symlink out of the project, so the copy gets
  // its own tree: hard links where `cp -al` makes them (instant, no space), else a real copy.
  try {
    execFileSync('cp', ['-al', path.join(projectRoot, 'node_modules'), path.join(dir, 'node_modules')], { stdio: 'ignore' });
  } catch {
    cpSync(path.join(projectRoot, 'node_modules'), path.join(dir, 'node_modules'), { recursive: true, verbatimSymlinks: true });
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A TCP port nothing listens on right now, or `preferred` when given (an env override). */
export async function freePort(preferred?: string): Promise<number> {
  return preferred ? Number(preferred) : anyFreePort();
}

/**
 * The environment a command gets: this process's, without what the test runner sets
 * (NODE_ENV=test would make the scripts load .env.test files) and with the project's
 * own variables replaced by `vars`.
 */
export function commandEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  for (const name of [
    'NODE_ENV',
    'AUTH_SECRET',
    'DATABASE_URL',
    'STRIPE_SECRET_KEY',
    'STRIPE_WEBHOOK_SECRET',
    'PORT',
    'APP_URL',
    'EMULATOR_PORT',
    'DATA_DIR',
  ]) {
    delete env[name];
  }
  for (const name of Object.keys(env)) if (name.startsWith('VITEST') || name.startsWith('__NEXT')) delete env[name];
  return { ...env, ...vars };
}

export interface Command {
  readonly child: ChildProcess;
  /** Everything it printed so far, stdout and stderr interleaved. */
  output(): string;
  /** Resolves with the output once it matches `pattern`; rejects on timeout or exit. */
  waitFor(pattern: RegExp, timeoutMs: number, after?: number): Promise<string>;
  /** Resolves with the exit code (or the signal's name). */
  readonly exited: Promise<number | string>;
  /** Signals its whole process group (npm, tsx, the emulator, next) and waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

/** `npm run <script>` in `dir`, in a process group of its own. */
export function npmRun(dir: string, script: string, args: string[], env: NodeJS.ProcessEnv): Command {
  const child = spawn('npm', ['run', '--silent', script, ...(args.length ? ['--', ...args] : [])], {
    cwd: dir,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      for (const listener of listeners) listener();
    });
  }
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      resolve(code ?? signal ?? 'unknown');
      for (const listener of listeners) listener();
    });
  });
  const command: Command = {
    child,
    output: () => output,
    exited,
    waitFor(pattern, timeoutMs, after = 0) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (pattern.test(output.slice(after))) {
            cleanup();
            resolve(output);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            cleanup();
            reject(new Error(`\`npm run ${script}\` exited before printing ${pattern}:\n${output.slice(-4000)}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`\`npm run ${script}\` did not print ${pattern} within ${timeoutMs / 1000} s:\n${output.slice(-4000)}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    async stop(signal = 'SIGINT') {
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid!, signal);
        } catch {
          // Already gone.
        }
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }, 20_000);
      const code = await exited;
      clearTimeout(timer);
      // Wait for the rest of the group (next, the emulator) too: the next start needs their ports and the database.
      for (let waited = 0; waited < 20_000 && groupAlive(child.pid!); waited += 200) await new Promise((r) => setTimeout(r, 200));
      return code;
    },
  };
  return command;
}

/** Runs `npm run <script>` to its end; resolves with its exit code and output. */
export async function npmRunToEnd(dir: string, script: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 180_000) {
  const command = npmRun(dir, script, args, env);
  const timer = setTimeout(() => void command.stop('SIGKILL'), timeoutMs);
  const code = await command.exited;
  clearTimeout(timer);
  return { code, output: command.output() };
}

/**
 * GET `url` once something answers there (a `next dev` that printed "starting" is not yet
 * listening, and compiles a page on its first request): its status and body.
 */
export async function getWhenUp(url: string, timeoutMs = 240_000): Promise<{ status: number; html: string }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(Math.max(1000, deadline - Date.now())) });
      return { status: response.status, html: await response.text() };
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}
