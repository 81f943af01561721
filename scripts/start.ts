// npm start — migrations, the Stripe emulator (when no STRIPE_SECRET_KEY is set) and the
// standalone production server. `npm run build` compiles this file to JavaScript
// (.next/portal-flows/start.mjs, run by scripts/start.mjs), so no tsx is needed at run time.
import { loadEnvOrExit } from './lib/load-env';
import { serve } from './lib/serve';

// Checked as production (lib/env.ts loads lazily, below), so a missing AUTH_SECRET
// stops here rather than in the first request.
if (!process.env.NODE_ENV) Object.assign(process.env, { NODE_ENV: 'production' });

const env = await loadEnvOrExit();
await serve(env, 'start').catch((error: unknown) => {
  console.error(`✗ ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
