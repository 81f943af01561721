#!/usr/bin/env node
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_PORT, createEmulator } from './server.js';

// `stripe-emulator` (and `npm run emulator` in Portal Flows): the local Stripe API on 127.0.0.1:12111. The emulator runs outside Next.js,
// so this file is its one reader of process.env; everything below it takes options.

const port = z.coerce.number().int().min(0).max(65_535);
const nonNegativeInt = z.coerce.number().int().min(0);

const envSchema = z.object({
  EMULATOR_PORT: port.default(DEFAULT_PORT),
  EMULATOR_HOST: z.string().min(1).default('127.0.0.1'),
  EMULATOR_DATA: z.string().min(1).default('.data/stripe-emulator.json'),
  EMULATOR_WEBHOOK_URL: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]).default('http://localhost:3000/api/stripe/webhook'),
  /** Unset: generated once into the data file's directory (a test switch fixes it). */
  EMULATOR_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_[A-Za-z0-9_]+$/, 'must start with whsec_')
    .optional(),
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

// The same file the app reads in emulator mode (lib/data-dir.ts, EMULATOR_WEBHOOK_SECRET_FILE):
// a secret of this install, never a published default that anyone could sign events with.
const SECRET_FILE = 'stripe-emulator-webhook-secret';

function webhookSecret(dataFile: string): { secret: string; file: string } {
  const dir = dirname(dataFile);
  const file = join(dir, SECRET_FILE);
  try {
    return { secret: readFileSync(file, 'utf8').trim(), file };
  } catch {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    try {
      writeFileSync(file, `whsec_${randomBytes(24).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    return { secret: readFileSync(file, 'utf8').trim(), file };
  }
}

async function main(): Promise<void> {
  const env = readEnv();
  const signing = env.EMULATOR_WEBHOOK_SECRET ? { secret: env.EMULATOR_WEBHOOK_SECRET, file: null } : webhookSecret(env.EMULATOR_DATA);
  const emulator = await createEmulator({
    port: env.EMULATOR_PORT,
    host: env.EMULATOR_HOST,
    dataFile: env.EMULATOR_DATA,
    webhookUrl: env.EMULATOR_WEBHOOK_URL || null,
    webhookSecret: signing.secret,
    latencyMs: env.EMULATOR_LATENCY_MS,
    latencyJitterMs: env.EMULATOR_LATENCY_JITTER_MS,
    rateLimit: env.EMULATOR_RATE_LIMIT,
    portalTtlSeconds: env.EMULATOR_PORTAL_TTL_S,
    log: (line) => console.warn(`[emulator] ${line}`),
  });
  const url = await emulator.listen();
  const signedWith = signing.file ? `signed with the secret in ${signing.file}` : 'signed with EMULATOR_WEBHOOK_SECRET';
  const webhooks = env.EMULATOR_WEBHOOK_URL ? `webhooks to ${env.EMULATOR_WEBHOOK_URL}, ${signedWith}` : 'webhooks off';
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
