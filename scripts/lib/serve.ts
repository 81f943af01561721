import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { billingConfig } from '../../billing.config';
import { checkCatalogScope, stripeModeOf } from '../../lib/billing/scope';
import { createStripeClient } from '../../lib/billing/stripe-client';
import { databaseTarget, openDatabase } from '../../lib/db/client';
import { readDevServer, writeDevServer } from '../../lib/dev-server';
import type { Env } from '../../lib/env';
import { shellEnv } from './load-env';
import { describeTarget } from './migrate';
import { isAnswering, startProcess, superviseProcesses, waitForHttp } from './processes';
import { printReport, setupDirect } from './stripe-setup';
import { watchBillingConfig } from './watch-billing-config';

const require = createRequire(import.meta.url);

/**
 * `npm run dev` and `npm start`: migrate, start the Stripe emulator and apply
 * billing.config.ts to it in emulator mode, check that the billing catalogue belongs to the
 * Stripe in use, then Next.js. All of it before Next.js starts, in this process, which then
 * lets go of the database: only one process may hold PGlite's data directory, and the app
 * opens it next. `npm run dev` then watches billing.config.ts and applies every saved
 * change through the app.
 */
export async function serve(env: Env, nextCommand: 'dev' | 'start') {
  const running = readDevServer(env.dataDir);
  if (running) {
    throw new Error(
      `\`npm run dev\` is already running for ${env.dataDir} (pid ${running.pid}, ${running.localUrl}). ` +
        'Stop it first, or give this one its own DATA_DIR and PORT.',
    );
  }

  const children: ChildProcess[] = [];
  const handle = openDatabase(databaseTarget(env.databaseUrl, env.dataDir));
  try {
    const started = performance.now();
    await handle.migrate();
    console.log(`✓ database migrated: ${describeTarget(env)} (${Math.round(performance.now() - started)} ms)`);

    const stripe = createStripeClient(env.stripe);
    if (env.stripe.mode === 'emulator') {
      const { host, port } = env.stripe.emulator;
      const url = `http://${host}:${port}/`;
      if (await isAnswering(url)) {
        console.log(`✓ using the Stripe emulator already running at ${url}`);
      } else {
        const emulator = startProcess('emulator', process.execPath, [require.resolve('tsx/cli'), 'emulator/main.ts'], {
          ...process.env,
          EMULATOR_PORT: String(port),
          EMULATOR_WEBHOOK_URL: process.env.EMULATOR_WEBHOOK_URL ?? `${env.appUrl}/api/stripe/webhook`,
          EMULATOR_DATA: process.env.EMULATOR_DATA ?? `${env.dataDir}/stripe-emulator.json`,
        });
        children.push(emulator);
        await waitForHttp(url, 20_000, emulator).catch((error: unknown) => {
          throw new Error(`The Stripe emulator did not start: ${error instanceof Error ? error.message : error}`);
        });
        console.log(`✓ Stripe emulator on ${url}`);
      }
      // Set-up is idempotent and the emulator starts empty on a fresh clone, so in
      // emulator mode it runs every time; against a real account it is run by hand.
      console.log('▸ applying billing.config.ts to the Stripe emulator');
      if (!printReport(await setupDirect(env, handle.db, billingConfig, { demo: true }))) {
        throw new Error('stripe:setup reported conflicts (see above)');
      }
    } else {
      console.log(`✓ Stripe mode: ${env.stripe.livemode ? 'LIVE' : 'test'} key, api.stripe.com`);
    }

    const problem = await checkCatalogScope(handle.db, stripe, stripeModeOf(env.stripe), (warning) => console.warn(`! ${warning}`));
    if (problem) throw new Error(`Refusing to start: ${problem}`);
  } catch (error) {
    // Do not leave an emulator behind when start-up fails after launching it.
    for (const child of children) child.kill();
    throw error;
  } finally {
    await handle.close();
  }

  // Commands that need the database while `npm run dev` holds it go through the app: this
  // record tells them where it is and how to prove they were started by this user.
  if (nextCommand === 'dev') writeDevServer(env.dataDir, `http://127.0.0.1:${env.port}`);

  const nextBin = require.resolve('next/dist/bin/next');
  // The shell's environment, not ours: Next.js loads the same .env files itself, and in
  // development reloads them when they change, which it would not do for inherited values.
  children.push(startProcess('app', process.execPath, [nextBin, nextCommand, '--port', String(env.port)], shellEnv()));
  console.log(`✓ app starting on ${env.appUrl} (port ${env.port})`);
  superviseProcesses(children);
  if (nextCommand !== 'dev') return;
  if (env.stripe.livemode) {
    // Every save reaching live customers' Stripe is not an edit loop: apply it deliberately.
    console.log('! LIVE key: saved changes to billing.config.ts are not applied; run `npm run stripe:setup` when you mean to');
  } else {
    watchBillingConfig(process.cwd(), process.env);
  }
}
