import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

const colors = { app: '\x1b[36m', emulator: '\x1b[35m', billing: '\x1b[33m' } as const;
const reset = '\x1b[0m';

/** Starts a long-running child whose output lines are prefixed with its name. */
export function startProcess(name: keyof typeof colors, command: string, args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = process.stdout.isTTY ? `${colors[name]}[${name}]${reset} ` : `[${name}] `;
  for (const stream of [child.stdout, child.stderr]) {
    // A child that already prefixes its own lines (the emulator does) is not prefixed twice.
    createInterface({ input: stream }).on('line', (line) => console.log(line.startsWith(`[${name}]`) ? line : prefix + line));
  }
  return child;
}

/** Resolves once something answers HTTP at `url`, or rejects after `timeoutMs`. */
export async function waitForHttp(url: string, timeoutMs: number, child?: ChildProcess) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`exited with code ${child.exitCode} before answering at ${url}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`nothing answered at ${url} within ${timeoutMs / 1000} s`);
}

export async function isAnswering(url: string) {
  try {
    await fetch(url, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}

/** Ties children together: when one exits or the user presses Ctrl-C, all stop. */
export function superviseProcesses(children: ChildProcess[]) {
  let stopping = false;
  const stopAll = (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    setTimeout(() => process.exit(code), 3000).unref();
    Promise.all(children.map((child) => (child.exitCode === null ? new Promise((r) => child.once('exit', r)) : null))).then(() =>
      process.exit(code),
    );
  };
  for (const child of children) child.once('exit', (code) => stopAll(code ?? 1));
  // `on`, not `once`: Ctrl-C reaches this process twice (from the terminal's process group and
  // relayed by tsx), and a second signal with no handler left would end it before its exit
  // handlers ran (the record of `npm run dev` in DATA_DIR would be left behind).
  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));
}

/** Whether any process of the group `pgid` is still running. */
export function groupAlive(pgid: number) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}
