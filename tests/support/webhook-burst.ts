import type Stripe from 'stripe';
import { startAppServer, type AppServer } from './app-server';

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

export { ensureProductionBuild } from './app-server';

/** The standalone production server on `port` with exactly `env`; resolves once it answers. Stop it with `stopApp`. */
export function startApp(port: number, env: Record<string, string>): Promise<AppServer> {
  return startAppServer(port, { PORT: String(port), ...env });
}

export function stopApp(app: AppServer | undefined) {
  return app?.stop();
}
