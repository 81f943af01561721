// The bench's servers, each started in its own process group so that it and its children
// (npm, next, the emulator) stop together, with the last lines each printed for a failure report.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { groupAlive } from '../scripts/lib/processes';

const groups: ChildProcess[] = [];
const output = new Map<string, string[]>();

/** Starts a command in its own process group, keeping its last 30 lines of output. */
export function startGroup(name: string, command: string, args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const lines: string[] = [];
  output.set(name, lines);
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      if (lines.length > 30) lines.shift();
    });
  }
  groups.push(child);
  return child;
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

/** SIGTERM to every group started, SIGKILL to any still alive after 10 s; resolves once all are gone. */
export async function stopGroups() {
  await Promise.all(groups.map((child) => stopGroup(child).catch(() => {})));
}

/** Prints, on stderr, the last lines each started process printed. */
export function printLastLines() {
  for (const [name, lines] of output) if (lines.length) console.error(`── last lines from ${name}:\n${lines.join('\n')}`);
}
