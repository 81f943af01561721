import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { groupAlive } from '../scripts/lib/processes';

/**
 * The servers a bench starts, each in its own process group so that it and its children stop
 * together, and their last lines of output, shown when the bench fails.
 */
export class BenchProcesses {
  readonly #groups: ChildProcess[] = [];
  readonly output = new Map<string, string[]>();

  /** Starts `command` in a process group of its own; its last 30 lines are kept under `name`. */
  start(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const lines: string[] = [];
    this.output.set(name, lines);
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        lines.push(line);
        if (lines.length > 30) lines.shift();
      });
    }
    this.#groups.push(child);
    return child;
  }

  /** Stops every group started here: SIGTERM, then SIGKILL after 10 s. */
  async stopAll(): Promise<void> {
    await Promise.all(this.#groups.map((child) => stopGroup(child).catch(() => {})));
  }

  /** Prints each process's last lines to stderr. */
  printOutput(): void {
    for (const [name, lines] of this.output) if (lines.length) console.error(`── last lines from ${name}:\n${lines.join('\n')}`);
  }
}

async function stopGroup(child: ChildProcess) {
  const pid = child.pid;
  if (!pid || !groupAlive(pid)) return;
  process.kill(-pid, 'SIGTERM');
  const deadline = Date.now() + 10_000;
  while (groupAlive(pid) && Date.now() < deadline) await sleep(100);
  if (groupAlive(pid)) process.kill(-pid, 'SIGKILL');
  while (groupAlive(pid)) await sleep(50);
}

export function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Runs `cleanUp` once on SIGINT/SIGTERM, then exits 130. `on`, not `once`: a second signal (Ctrl-C
 * reaches tsx and this process both, and tsx relays it) must not kill the bench before it has
 * cleaned up. Returns a function telling whether a signal came.
 */
export function onInterrupt(cleanUp: () => Promise<void>): () => boolean {
  let interrupted = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (interrupted) return;
      interrupted = true;
      console.error(`\n${signal}: stopping…`);
      void cleanUp().finally(() => process.exit(130));
    });
  }
  return () => interrupted;
}
