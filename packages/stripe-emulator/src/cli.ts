#!/usr/bin/env node
import { z } from 'zod';
import { DEFAULT_PORT, DEFAULT_WEBHOOK_SECRET, createEmulator } from './server.js';

// `stripe-emulator` (and `npm run emulator` in Portal Flows): the local Stripe API on 127.0.0.1:12111. The emulator runs outside Next.js,
// so this file is its one reader of process.env; everything below it takes options.

const port = z.coerce.number().int().min(0).max(65_535);
const nonNegativeInt = z.coerce.number().int().min(0);

const envSchema = z.object({
  EMULATOR_PORT: port.default(DEFAULT_PORT),
  EMULATOR_HOST: z.string().min(1).default('127.0.0.1'),
  EMULATOR_DATA: z.string().min(1).default('.data/stripe-emulator.json'),
  EMULATOR_WEBHOOK_URL: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]).default('http://localhost:3000/api/stripe/webhook'),
  EMULATOR_WEBHOOK_SECRET: z.string().startsWith('whsec_').default(DEFAULT_WEBHOOK_SECRET),
  EMULATOR_LATENCY_MS: nonNegativeInt.default(0),
  EMULATOR_LATENCY_JITTER_MS: nonNegativeInt.default(0),
  EMULATOR_RATE_LIMIT: nonNegativeInt.default(0),
  EMULATOR_PORTAL_TTL_S: z.coerce.number().int().min(1).default(300),
});

function readEnv() {
  const parsed = envSchema.safeParse(process.env);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    const name = String(issue.path[0]);
    console.error(`[emulator] ${name}=${JSON.stringify(process.env[name])} is not valid: ${issue.message}`);
  }
  process.exit(1);
}

async function main(): Promise<void> {
  const env = readEnv();
  const emulator = await createEmulator({
    port: env.EMULATOR_PORT,
    host: env.EMULATOR_HOST,
    dataFile: env.EMULATOR_DATA,
    webhookUrl: env.EMULATOR_WEBHOOK_URL || null,
    webhookSecret: env.EMULATOR_WEBHOOK_SECRET,
    latencyMs: env.EMULATOR_LATENCY_MS,
    latencyJitterMs: env.EMULATOR_LATENCY_JITTER_MS,
    rateLimit: env.EMULATOR_RATE_LIMIT,
    portalTtlSeconds: env.EMULATOR_PORTAL_TTL_S,
    log: (line) => console.warn(`[emulator] ${line}`),
  });
  const url = await emulator.listen();
  const webhooks = env.EMULATOR_WEBHOOK_URL ? `webhooks to ${env.EMULATOR_WEBHOOK_URL}` : 'webhooks off';
  console.log(`[emulator] Stripe emulator listening on ${url} (data ${env.EMULATOR_DATA}, ${webhooks})`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`[emulator] ${signal}: saving and stopping`);
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('[emulator] failed to stop cleanly:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error('[emulator] failed to start:', error);
  process.exit(1);
});
