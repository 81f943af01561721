// npm run stripe:setup — applies billing.config.ts to the Stripe the app talks to.
// Idempotent: a second run creates nothing. `--no-demo` skips the emulator's demo customers.
import { parseArgs } from 'node:util';
import { loadEnvOrExit } from './lib/load-env';
import { migrateDatabase } from './lib/migrate';
import { isAnswering } from './lib/processes';
import { runStripeSetup } from './lib/stripe-setup';

const { values } = parseArgs({ options: { 'no-demo': { type: 'boolean', default: false } } });
const env = await loadEnvOrExit();
if (env.stripe.mode === 'emulator') {
  const { host, port } = env.stripe.emulator;
  if (!(await isAnswering(`http://${host}:${port}/`))) {
    console.error(`✗ The Stripe emulator is not running on ${host}:${port}. Start it with \`npm run emulator\` (or use \`npm run dev\`, which runs set-up itself).`);
    process.exit(1);
  }
}
try {
  await migrateDatabase(env);
  const clean = await runStripeSetup(env, { demo: !values['no-demo'] });
  process.exit(clean ? 0 : 1);
} catch (error) {
  console.error(`✗ stripe:setup failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
