import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { billingConfig } from '../../billing.config';
import { checkCatalogScope, stripeModeOf } from '../../lib/billing/scope';
import { createStripeClient } from '../../lib/billing/stripe-client';
import { databaseTarget, openDatabase } from '../../lib/db/client';
import { readDevServer, writeDevServer } from '../../lib/dev-server';
import type { Env } from '../../lib/env';
import { STANDALONE_SERVER } from './build';
import { startEmulatorProcess } from './emulator-process';
import { shellEnv } from './load-env';
import { migrateOpenDatabase } from './migrate';
import { isAnswering, startProcess, superviseProcesses, waitForHttp } from './processes';
import { printReport, setupDirect } from './stripe-setup';
import { watchBillingConfig } from './watch-billing-config';

const require = createRequire(import.meta.url);

/**
 * `npm run dev` and `npm start`: migrate, start the Stripe emulator and apply
 * billing.config.ts to it in emulator mode, check that the billing catalogue belongs to the
 * Stripe in use, then Next.js (`next dev`, or the standalone production server). All of it
 * before Next.js starts, in this process, which then lets go of the database: only one
 * process may hold PGlite's data directory, and the app opens it next (and finds nothing
 * left to migrate at boot). `npm run dev` then watches billing.config.ts and applies every
 * saved change through the app.
 */
export async function serve(env: Env, nextCommand: 'dev' | 'start') {
  if (nextCommand === 'start' && !existsSync(STANDALONE_SERVER)) {
    throw new Error('No production build: run `npm run build` first.');
  }
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
    await migrateOpenDatabase(env, handle);

    const stripe = createStripeClient(env.stripe);
    if (env.stripe.mode === 'emulator') {
      const { host, port } = env.stripe.emulator;
      const url = `http://${host}:${port}/`;
      if (await isAnswering(url)) {
        console.log(`✓ using the Stripe emulator already running at ${url} (webhooks reach the app only if it keeps its data in DATA_DIR)`);
      } else {
        // Its webhook secret is generated beside its data, in DATA_DIR, where the app reads it.
        const emulator = startEmulatorProcess({
          port,
          webhookUrl: process.env.EMULATOR_WEBHOOK_URL ?? `${env.appUrl}/api/stripe/webhook`,
          dataFile: `${env.dataDir}/stripe-emulator.json`,
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

  // The shell's environment, not ours: Next.js loads the same .env files itself, and in
  // development reloads them when they change, which it would not do for inherited values.
  // The standalone server changes into its own directory: DATA_DIR is handed over absolute.
  const appEnv = { ...shellEnv(), PORT: String(env.port), DATA_DIR: env.dataDir };
  const app =
    nextCommand === 'dev'
      ? startProcess('app', process.execPath, [require.resolve('next/dist/bin/next'), 'dev', '--port', String(env.port)], appEnv)
      : startProcess('app', process.execPath, [STANDALONE_SERVER], appEnv);
  children.push(app);
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
