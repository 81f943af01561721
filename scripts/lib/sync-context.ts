import { StripeBudget } from '../../lib/billing/stripe-budget';
import { createStripeClient } from '../../lib/billing/stripe-client';
import { SyncQueue } from '../../lib/billing/sync-queue';
import { databaseTarget, openDatabase } from '../../lib/db/client';
import type { Env } from '../../lib/env';
import { isAnswering } from './processes';

/**
 * What the queue's commands (`npm run worker`, `stripe:catch-up`, `queue:status`) share: the
 * database, a Stripe client within this process's own budget (STRIPE_RATE_LIMIT), and the queue.
 */
export async function openSyncContext(env: Env, options: { needsStripe: boolean }) {
  if (options.needsStripe && env.stripe.mode === 'emulator') {
    const { host, port } = env.stripe.emulator;
    if (!(await isAnswering(`http://${host}:${port}/`))) {
      throw new Error(
        `the Stripe emulator is not running on ${host}:${port}; start the app (\`npm run dev\` / \`npm start\`) or \`npm run emulator\``,
      );
    }
  }
  const handle = openDatabase(databaseTarget(env.databaseUrl, env.dataDir));
  const stripe = createStripeClient(env.stripe, { budget: new StripeBudget({ requestsPerSecond: env.stripe.rateLimit }) });
  const queue = new SyncQueue(handle, { debounceMs: env.sync.debounceMs, log: (line) => console.warn(line) });
  return {
    handle,
    stripe,
    queue,
    async close() {
      await queue.stop();
      await handle.close();
    },
  };
}

/** Said before a command opens the embedded database, which only one process may hold. */
export function embeddedDatabaseNote(env: Env) {
  return env.databaseUrl ? null : `embedded database ${env.dataDir}/pglite: stop the app first, only one process may open it`;
}
