// npm run dev — migrations, the Stripe emulator (when no STRIPE_SECRET_KEY is set) and `next dev`.
import { loadEnvOrExit } from './lib/load-env';
import { serve } from './lib/serve';

const env = await loadEnvOrExit();
await serve(env, 'dev').catch((error: unknown) => {
  console.error(`✗ ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
