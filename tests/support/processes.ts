import { spawn, type ChildProcess } from 'node:child_process';
import { APP_VARIABLE_PATTERN } from './app-server';

export interface ScriptProcess {
  child: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  /** Resolves when a line of its output matches. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Its exit code, once it has exited. */
  exited: Promise<number | null>;
  /** SIGKILL to it and its children: a crash, not a shutdown. */
  kill(): void;
}

/** `npx tsx <script>` in its own process group, with `env` over this process's environment. */
export function startScript(script: string, args: string[], env: Record<string, string>): ScriptProcess {
  // None of the shell's app variables (a developer's STRIPE_SECRET_KEY must not leak in): exactly `env`.
  const shell = Object.fromEntries(Object.entries(process.env).filter(([name]) => !APP_VARIABLE_PATTERN.test(name)));
  const child = spawn('npx', ['tsx', script, ...args], {
    env: { ...shell, ...env } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const listeners = new Set<() => void>();
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      for (const listener of listeners) listener();
    });
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    exited,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!pattern.test(output)) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`${script} did not print ${pattern} within ${timeoutMs} ms; it printed:\n${output}`));
        }, timeoutMs);
        listeners.add(check);
        check();
        void exited.then((code) => {
          if (!listeners.has(check)) return;
          listeners.delete(check);
          clearTimeout(timer);
          reject(new Error(`${script} exited (${code}) before printing ${pattern}:\n${output}`));
        });
      });
    },
    kill() {
      if (child.pid && child.exitCode === null) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    },
  };
}
