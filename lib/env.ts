import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * The one reader of `process.env`. Everything else imports `env` from here, so a
 * wrong or missing value stops start-up once, with a message naming the
 * variable and what to set, instead of failing later in some request.
 */

const booleanFlag = z.enum(['true', 'false'], {
  error: 'must be "true" or "false"',
});

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

/** An empty variable (`PORT=`) means unset, as in most shells' and tools' conventions. */
function unsetIfEmpty<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema);
}

const portNumber = z
  .string()
  .trim()
  .regex(/^\d{1,5}$/, 'must be a port number between 1 and 65535')
  .transform(Number)
  .refine((port) => port >= 1 && port <= 65535, 'must be a port number between 1 and 65535');

/** A whole number from `min` to `max`; `what` names the unit in the message ("requests per second"). */
function wholeNumber(min: number, max: number, what: string) {
  const message = `must be a whole number of ${what}, ${min} to ${max}`;
  return z
    .string()
    .trim()
    .regex(/^\d+$/, message)
    .transform(Number)
    .refine((value) => value >= min && value <= max, message);
}

const CATCH_UP_MINUTES = ['0', '1', '2', '3', '4', '5', '6', '10', '12', '15', '20', '30', '60'] as const;

const httpOrigin = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.pathname === '/' && !url.search && !url.hash;
    } catch {
      return false;
    }
  }, 'must be an absolute http(s) origin with no path, such as http://localhost:3000 or https://billing.example.com')
  .transform((value) => new URL(value).origin);

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    APP_URL: httpOrigin.default('http://localhost:3000'),
    DATA_DIR: z.string().trim().min(1).default('.data'),
    PORT: unsetIfEmpty(portNumber.optional()),
    DATABASE_URL: optionalText.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// or postgresql:// connection string; unset it to use the embedded database')
        .optional(),
    ),

    STRIPE_SECRET_KEY: optionalText.pipe(
      z
        .string()
        .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9]+$/, 'must be a Stripe secret key (sk_test_…, sk_live_… or a restricted rk_… key); unset it to use the local emulator')
        .optional(),
    ),
    STRIPE_WEBHOOK_SECRET: optionalText.pipe(
      z.string().regex(/^whsec_[A-Za-z0-9_]+$/, 'must be a webhook signing secret starting with whsec_').optional(),
    ),
    EMULATOR_PORT: unsetIfEmpty(portNumber.default(12111)),
    STRIPE_TIMEOUT_MS: unsetIfEmpty(
      z
        .string()
        .regex(/^\d+$/, 'must be a whole number of milliseconds, 1000 to 60000')
        .transform(Number)
        .refine((ms) => ms >= 1000 && ms <= 60_000, 'must be a whole number of milliseconds, 1000 to 60000')
        .default(8000),
    ),

    /** Stripe requests per second this process may start (lib/billing/stripe-budget.ts). */
    STRIPE_RATE_LIMIT: unsetIfEmpty(wholeNumber(1, 1000, 'requests per second').optional()),
    /** Syncs this process runs at once from the job queue; 0: none (`npm run worker` runs them). */
    SYNC_WORKERS: unsetIfEmpty(wholeNumber(0, 50, 'concurrent syncs').default(4)),
    /** How long a customer's queued sync waits, so that a burst of their events costs one sync. */
    SYNC_DEBOUNCE_MS: unsetIfEmpty(wholeNumber(0, 60_000, 'milliseconds').default(1000)),
    /** Every how many minutes the catch-up reads Stripe's events for missed deliveries; 0: never. */
    STRIPE_CATCH_UP_MINUTES: unsetIfEmpty(
      z
        .enum(CATCH_UP_MINUTES, { error: `must be 0 (off) or a number of minutes that divides an hour: ${CATCH_UP_MINUTES.slice(1).join(', ')}` })
        .transform(Number)
        .default(10),
    ),

    AUTH_SECRET: optionalText.pipe(
      z.string().min(32, 'must be at least 32 characters; generate one with `openssl rand -base64 33`').optional(),
    ),
    AUTH_DEMO: optionalText.pipe(booleanFlag.optional()),
    AUTH_GITHUB_ID: optionalText,
    AUTH_GITHUB_SECRET: optionalText,
    EMAIL_SERVER: optionalText.pipe(
      z.string().regex(/^smtps?:\/\/.+/, 'must be an SMTP URL such as smtp://user:pass@smtp.example.com:587').optional(),
    ),
    EMAIL_FROM: optionalText.pipe(z.email('must be an e-mail address such as billing@example.com').optional()),

    /** Test switch: "off" stops the return and landing routes from syncing, to prove webhooks alone suffice. */
    BILLING_LANDING_SYNC: optionalText.pipe(z.enum(['on', 'off'], { error: 'must be "on" or "off"' }).optional()),

    /** Set by `next build`; lets the build run without the secrets only a running server needs. */
    NEXT_PHASE: optionalText,
  })
  .superRefine((value, ctx) => {
    if (Boolean(value.AUTH_GITHUB_ID) !== Boolean(value.AUTH_GITHUB_SECRET)) {
      const missing = value.AUTH_GITHUB_ID ? 'AUTH_GITHUB_SECRET' : 'AUTH_GITHUB_ID';
      ctx.addIssue({
        code: 'custom',
        path: [missing],
        message: 'is required when the other GitHub OAuth variable is set; set both AUTH_GITHUB_ID and AUTH_GITHUB_SECRET, or neither',
      });
    }
    if (value.EMAIL_SERVER && !value.EMAIL_FROM) {
      ctx.addIssue({
        code: 'custom',
        path: ['EMAIL_FROM'],
        message: 'is required when EMAIL_SERVER is set: the address magic-link e-mails are sent from',
      });
    }
    if (value.STRIPE_SECRET_KEY?.includes('_live_') && value.AUTH_DEMO === 'true') {
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_DEMO'],
        message: 'must not be "true" with a live Stripe key: demo sign-in lets anyone in without a password',
      });
    }
    if (value.BILLING_LANDING_SYNC === 'off' && value.STRIPE_SECRET_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['BILLING_LANDING_SYNC'],
        message: 'is a test switch for emulator mode only; unset it (customers would see stale billing state)',
      });
    }
    if (value.SYNC_WORKERS === 0 && !value.DATABASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['SYNC_WORKERS'],
        message:
          'must be at least 1 with the embedded database: only this process can open it, so no `npm run worker` could run the syncs; set DATABASE_URL to run them elsewhere',
      });
    }
    const building = value.NEXT_PHASE === 'phase-production-build';
    if (value.NODE_ENV === 'production' && !value.AUTH_SECRET && !building) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_SECRET'],
        message: 'is required in production: set it to a random string of at least 32 characters (`openssl rand -base64 33`)',
      });
    }
  });

export type StripeMode = 'emulator' | 'stripe';

export interface Env {
  nodeEnv: 'development' | 'production' | 'test';
  appUrl: string;
  /** Where `npm run dev` / `npm start` listen: PORT, else APP_URL's port on a local host, else 3000. */
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  /** False only under the BILLING_LANDING_SYNC=off test switch. */
  landingSync: boolean;
  stripe: {
    mode: StripeMode;
    secretKey: string;
    webhookSecret: string | undefined;
    livemode: boolean;
    /** Per-attempt timeout of a Stripe call; the SDK retries connection errors and 5xx twice. */
    timeoutMs: number;
    /** Where the SDK connects in emulator mode. */
    emulator: { host: string; port: number; protocol: 'http' };
    /** Requests per second this process may start: STRIPE_RATE_LIMIT, else 80 with a live key and 20 otherwise. */
    rateLimit: number;
  };
  /** The job queue that syncs customers after webhooks (lib/billing/sync-queue.ts). */
  sync: {
    /** Concurrent syncs in this process; 0 leaves them to `npm run worker`. */
    workers: number;
    debounceMs: number;
    /** Minutes between scheduled catch-ups; 0 for none. */
    catchUpMinutes: number;
  };
  auth: {
    secret: string | undefined;
    demo: boolean;
    github: { id: string; secret: string } | undefined;
    email: { server: string; from: string } | undefined;
  };
}

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid environment; fix these variables (see .env.example):\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
    this.name = 'EnvError';
  }
}

/** The emulator accepts any key of this shape, which is also the form the SDK expects. */
export const EMULATOR_SECRET_KEY = 'sk_test_emulator';
export const EMULATOR_WEBHOOK_SECRET = 'whsec_emulator';

/** Pure: turns a map of variables into `Env`, or throws `EnvError` listing every problem. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = issue.path.join('.') || 'environment';
      const given = issue.path.length === 1 ? source[String(issue.path[0])] : undefined;
      const shown = given === undefined ? '' : ` (got ${JSON.stringify(redact(String(issue.path[0]), given))})`;
      return `${name} ${issue.message}${shown}`;
    });
    throw new EnvError(problems);
  }
  const value = result.data;
  const mode: StripeMode = value.STRIPE_SECRET_KEY ? 'stripe' : 'emulator';
  const livemode = Boolean(value.STRIPE_SECRET_KEY?.includes('_live_'));
  const demo = value.AUTH_DEMO ? value.AUTH_DEMO === 'true' && !livemode : mode === 'emulator';

  return {
    nodeEnv: value.NODE_ENV,
    appUrl: value.APP_URL,
    port: value.PORT ?? defaultPort(value.APP_URL),
    dataDir: path.resolve(value.DATA_DIR),
    databaseUrl: value.DATABASE_URL,
    landingSync: value.BILLING_LANDING_SYNC !== 'off',
    stripe: {
      mode,
      secretKey: value.STRIPE_SECRET_KEY ?? EMULATOR_SECRET_KEY,
      webhookSecret: value.STRIPE_WEBHOOK_SECRET ?? (mode === 'emulator' ? EMULATOR_WEBHOOK_SECRET : undefined),
      livemode,
      timeoutMs: value.STRIPE_TIMEOUT_MS,
      emulator: { host: '127.0.0.1', port: value.EMULATOR_PORT, protocol: 'http' },
      // Stripe allows 25 requests a second in test mode and 100 in live mode, per account: leave
      // room for the Dashboard and other clients of the same account.
      rateLimit: value.STRIPE_RATE_LIMIT ?? (livemode ? 80 : 20),
    },
    sync: {
      workers: value.SYNC_WORKERS,
      debounceMs: value.SYNC_DEBOUNCE_MS,
      catchUpMinutes: value.STRIPE_CATCH_UP_MINUTES,
    },
    auth: {
      secret: value.AUTH_SECRET,
      demo,
      github:
        value.AUTH_GITHUB_ID && value.AUTH_GITHUB_SECRET
          ? { id: value.AUTH_GITHUB_ID, secret: value.AUTH_GITHUB_SECRET }
          : undefined,
      email: value.EMAIL_SERVER && value.EMAIL_FROM ? { server: value.EMAIL_SERVER, from: value.EMAIL_FROM } : undefined,
    },
  };
}

function defaultPort(appUrl: string) {
  const url = new URL(appUrl);
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  return local && url.port ? Number(url.port) : 3000;
}

function redact(name: string, value: string) {
  return /SECRET|KEY|PASSWORD/.test(name) || name === 'DATABASE_URL' || name === 'EMAIL_SERVER'
    ? `${value.slice(0, 8)}…`
    : value;
}

/**
 * Development convenience: a missing AUTH_SECRET is generated once and kept in
 * the data directory, so sessions survive restarts without any set-up.
 */
function developmentAuthSecret(dataDir: string) {
  const file = path.join(dataDir, 'auth-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    const secret = randomBytes(33).toString('base64');
    mkdirSync(dataDir, { recursive: true });
    try {
      writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
      return secret;
    } catch {
      // Another process (the dev orchestrator, a test worker) wrote it first.
      return readFileSync(file, 'utf8').trim();
    }
  }
}

function loadEnv(): Env {
  const parsed = parseEnv(process.env);
  if (!parsed.auth.secret && parsed.nodeEnv !== 'production') {
    parsed.auth.secret = developmentAuthSecret(parsed.dataDir);
  }
  // Auth.js reads its origin from AUTH_URL; without it, it would build callback
  // URLs from the request's Host / X-Forwarded-Host headers. Hand it APP_URL.
  process.env.AUTH_URL = parsed.appUrl;
  return parsed;
}

export const env: Env = loadEnv();
