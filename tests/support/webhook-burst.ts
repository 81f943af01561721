import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type Stripe from 'stripe';

/**
 * Tools for firing bursts of real, signed Stripe events at running app
 * instances: the two-instance integration test and `npm run bench:webhooks`.
 */

/** Every event the emulator has recorded, oldest first. */
export async function allEvents(stripe: Stripe): Promise<Stripe.Event[]> {
  const events: Stripe.Event[] = [];
  for await (const event of stripe.events.list({ limit: 100 })) events.push(event);
  return events.reverse();
}

/** The payload and Stripe-Signature header a delivery of `event` carries. */
export function signedDelivery(stripe: Stripe, event: Stripe.Event, secret: string) {
  const payload = JSON.stringify(event);
  return { payload, signature: stripe.webhooks.generateTestHeaderString({ payload, secret }) };
}

export interface DeliveryResult {
  status: number;
  ms: number;
  outcome?: string;
}

export async function deliver(url: string, delivery: { payload: string; signature: string }): Promise<DeliveryResult> {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': delivery.signature },
    body: delivery.payload,
  });
  const body = (await response.json().catch(() => ({}))) as { outcome?: string };
  return { status: response.status, ms: performance.now() - started, outcome: body.outcome };
}

/** Runs `tasks` with at most `concurrency` in flight; results in task order. */
export async function pool<T>(tasks: (() => Promise<T>)[], concurrency: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, tasks.length) }, async () => {
      while (next < tasks.length) {
        const index = next++;
        results[index] = await tasks[index]!();
      }
    }),
  );
  return results;
}

/** Builds the app once if there is no production build yet. */
export function ensureProductionBuild() {
  if (existsSync('.next/BUILD_ID')) return;
  const build = spawnSync('npx', ['next', 'build'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (build.status !== 0) throw new Error('next build failed');
}

/** `next start` on `port` with `env`; resolves once it answers. Stop it with `stopApp`. */
export async function startApp(port: number, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn('npx', ['next', 'start', '--port', String(port)], {
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start on ${port} exited: ${stderr.slice(-2000)}`);
    try {
      await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) });
      return child;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  stopApp(child);
  throw new Error(`next start on ${port} did not answer within 60 s`);
}

export function stopApp(child: ChildProcess | undefined) {
  if (!child?.pid || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
}
