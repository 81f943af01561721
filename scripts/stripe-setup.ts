// npm run stripe:setup — applies billing.config.ts to the Stripe the app talks to.
// Idempotent: a second run creates nothing. `--no-demo` skips the emulator's demo customers;
// `--changed-only` prints only the steps that changed something (the watcher of `npm run dev`).
// While `npm run dev` runs, the work goes through the app, which holds the embedded database.
import { parseArgs } from 'node:util';
import type { BillingConfig } from '../lib/billing/config-schema';
import { stripeModeOf } from '../lib/billing/scope';
import { databaseTarget, openDatabase } from '../lib/db/client';
import { readDevServer } from '../lib/dev-server';
import { loadEnvOrExit } from './lib/load-env';
import { isAnswering } from './lib/processes';
import { describeScope, printReport, setupDirect, setupThroughApp } from './lib/stripe-setup';

const { values } = parseArgs({
  options: { 'no-demo': { type: 'boolean', default: false }, 'changed-only': { type: 'boolean', default: false } },
});
const demo = !values['no-demo'];
const env = await loadEnvOrExit();

let config: BillingConfig;
try {
  // Loaded here rather than imported, so a mistake in it is reported as such.
  config = (await import('../billing.config')).billingConfig;
} catch (error) {
  console.error(`✗ billing.config.ts could not be loaded, so nothing was applied:\n${error instanceof Error ? error.message : error}`);
  process.exit(1);
}

const target = describeScope({ mode: stripeModeOf(env.stripe) });
try {
  const server = readDevServer(env.dataDir);
  let report;
  if (server) {
    console.log(`▸ applying billing.config.ts through the running \`npm run dev\` (pid ${server.pid}), which holds the database`);
    report = await setupThroughApp(server, config, { demo });
  } else {
    if (env.stripe.mode === 'emulator') {
      const { host, port } = env.stripe.emulator;
      if (!(await isAnswering(`http://${host}:${port}/`))) {
        console.error(
          `✗ The Stripe emulator is not running on ${host}:${port}. Start it with \`npm run emulator\` (or use \`npm run dev\`, which runs set-up itself).`,
        );
        process.exit(1);
      }
    }
    console.log(`▸ applying billing.config.ts to ${target}`);
    const handle = openDatabase(databaseTarget(env.databaseUrl, env.dataDir));
    try {
      await handle.migrate();
      report = await setupDirect(env, handle.db, config, { demo });
    } finally {
      await handle.close();
    }
  }
  process.exit(printReport(report, { changedOnly: values['changed-only'] }) ? 0 : 1);
} catch (error) {
  console.error(`✗ stripe:setup failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
