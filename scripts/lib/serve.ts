import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import type { Env } from '../../lib/env';
import { emulatorCommand } from './emulator-command';
import { migrateDatabase } from './migrate';
import { isAnswering, startProcess, superviseProcesses, waitForHttp } from './processes';
import { runStripeSetup } from './stripe-setup';

const require = createRequire(import.meta.url);

/**
 * `npm run dev` and `npm start`: migrate, start the Stripe emulator and apply
 * billing.config.ts to it in emulator mode, then Next.js. Migrations run first and in this process because only one
 * process may hold PGlite's data directory, and the app opens it next.
 */
export async function serve(env: Env, nextCommand: 'dev' | 'start') {
  await migrateDatabase(env);

  const children: ChildProcess[] = [];
  try {
    if (env.stripe.mode === 'emulator') {
      const { host, port } = env.stripe.emulator;
      const url = `http://${host}:${port}/`;
      if (await isAnswering(url)) {
        console.log(`✓ using the Stripe emulator already running at ${url}`);
      } else {
        const { command, args } = emulatorCommand();
        const emulator = startProcess('emulator', command, args, {
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
      if (!(await runStripeSetup(env, { demo: true }))) throw new Error('stripe:setup reported conflicts (see above)');
    } else {
      console.log(`✓ Stripe mode: ${env.stripe.livemode ? 'LIVE' : 'test'} key, api.stripe.com`);
    }
  } catch (error) {
    // Do not leave an emulator behind when start-up fails after launching it.
    for (const child of children) child.kill();
    throw error;
  }

  const nextBin = require.resolve('next/dist/bin/next');
  children.push(startProcess('app', process.execPath, [nextBin, nextCommand, '--port', String(env.port)], process.env));
  console.log(`✓ app starting on ${env.appUrl} (port ${env.port})`);
  superviseProcesses(children);
}
