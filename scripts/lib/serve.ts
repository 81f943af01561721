import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Env } from '../../lib/env';
import { STANDALONE_SERVER } from './build';
import { startEmulatorProcess } from './emulator-process';
import { migrateDatabase } from './migrate';
import { isAnswering, startProcess, superviseProcesses, waitForHttp } from './processes';
import { runStripeSetup } from './stripe-setup';

const require = createRequire(import.meta.url);

/**
 * `npm run dev` and `npm start`: migrate, start the Stripe emulator and apply
 * billing.config.ts to it in emulator mode, then Next.js (`next dev`, or the standalone
 * production server). Migrations run first and in this process because only one
 * process may hold PGlite's data directory, and the app opens it next (and finds
 * nothing left to migrate at boot).
 */
export async function serve(env: Env, nextCommand: 'dev' | 'start') {
  if (nextCommand === 'start' && !existsSync(STANDALONE_SERVER)) {
    throw new Error('No production build: run `npm run build` first.');
  }
  await migrateDatabase(env);

  const children: ChildProcess[] = [];
  try {
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
      if (!(await runStripeSetup(env, { demo: true }))) throw new Error('stripe:setup reported conflicts (see above)');
    } else {
      console.log(`✓ Stripe mode: ${env.stripe.livemode ? 'LIVE' : 'test'} key, api.stripe.com`);
    }
  } catch (error) {
    // Do not leave an emulator behind when start-up fails after launching it.
    for (const child of children) child.kill();
    throw error;
  }

  // The standalone server changes into its own directory: DATA_DIR is handed over absolute.
  const appEnv = { ...process.env, PORT: String(env.port), DATA_DIR: env.dataDir };
  const app =
    nextCommand === 'dev'
      ? startProcess('app', process.execPath, [require.resolve('next/dist/bin/next'), 'dev', '--port', String(env.port)], appEnv)
      : startProcess('app', process.execPath, [STANDALONE_SERVER], appEnv);
  children.push(app);
  console.log(`✓ app starting on ${env.appUrl} (port ${env.port})`);
  superviseProcesses(children);
}
