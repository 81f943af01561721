import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { EMULATOR_WEBHOOK_SECRET_FILE, readOrCreateSecret } from './data-dir';

/**
 * The one reader of `process.env`. Everything else imports `env` from here, so a
 * wrong or missing value stops start-up once, with a message naming the
 * variable and what to set, instead of failing later in some request.
 */

const booleanFlag = z.enum(['true', 'false'], {
  error: 'must be "true" or "false"',
});

// A variable that is set but blank never reaches these schemas: parseEnv refuses it
// by name first (a blank STRIPE_SECRET_KEY in a hosting dashboard must not mean "unset").
const optionalText = z.string().trim().optional();

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

const variables = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  APP_URL: httpOrigin.default('http://localhost:3000'),
  DATA_DIR: z.string().trim().min(1).default('.data'),
  PORT: portNumber.optional(),
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// or postgresql:// connection string; unset it to use the embedded database')
      .optional(),
  ),

  STRIPE_SECRET_KEY: optionalText.pipe(
    z
      .string()
      .regex(
        /^(sk|rk)_(test|live)_[A-Za-z0-9]+$/,
        'must be a Stripe secret key (sk_test_…, sk_live_… or a restricted rk_… key); unset it to use the local emulator',
      )
      .optional(),
  ),
  STRIPE_WEBHOOK_SECRET: optionalText.pipe(
    z
      .string()
      .regex(/^whsec_[A-Za-z0-9_]+$/, 'must be a webhook signing secret starting with whsec_')
      .optional(),
  ),
  /** Test-only: where the SDK connects instead of api.stripe.com (a test key only; see superRefine). */
  STRIPE_API_BASE: optionalText.pipe(httpOrigin.optional()),
  EMULATOR_PORT: portNumber.default(12111),
  STRIPE_TIMEOUT_MS: z
    .string()
    .regex(/^\d+$/, 'must be a whole number of milliseconds, 1000 to 60000')
    .transform(Number)
    .refine((ms) => ms >= 1000 && ms <= 60_000, 'must be a whole number of milliseconds, 1000 to 60000')
    .default(8000),

  /** Stripe requests per second this process may start (lib/billing/stripe-budget.ts). */
  STRIPE_RATE_LIMIT: wholeNumber(1, 1000, 'requests per second').optional(),
  /** Syncs this process runs at once from the job queue; 0: none (`npm run worker` runs them). */
  SYNC_WORKERS: wholeNumber(0, 50, 'concurrent syncs').default(4),
  /** How long a customer's queued sync waits, so that a burst of their events costs one sync. */
  SYNC_DEBOUNCE_MS: wholeNumber(0, 60_000, 'milliseconds').default(1000),
  /** Every how many minutes the catch-up reads Stripe's events for missed deliveries; 0: never. */
  STRIPE_CATCH_UP_MINUTES: z
    .enum(CATCH_UP_MINUTES, {
      error: `must be 0 (off) or a number of minutes that divides an hour: ${CATCH_UP_MINUTES.slice(1).join(', ')}`,
    })
    .transform(Number)
    .default(10),
  /** The explicit opt-in for a public demo: production without Stripe keys or PostgreSQL. */
  PORTAL_FLOWS_DEMO: optionalText.pipe(booleanFlag.optional()),

  // Several secrets, comma-separated, newest first: the first encrypts new sessions,
  // every one still decrypts, so a rotation signs nobody out.
  AUTH_SECRET: optionalText.pipe(
    z
      .string()
      .transform((value) => value.split(',').map((secret) => secret.trim()))
      .refine(
        (secrets) => secrets.every((secret) => secret.length >= 32),
        'must be at least 32 characters (several secrets: comma-separated, newest first, each at least 32); generate one with `openssl rand -base64 33`',
      )
      .optional(),
  ),
  AUTH_SESSION_MAX_AGE: z
    .string()
    .regex(/^\d+$/, 'must be a whole number of seconds, 300 to 31536000 (a year)')
    .transform(Number)
    .refine((s) => s >= 300 && s <= 31_536_000, 'must be a whole number of seconds, 300 to 31536000 (a year)')
    .default(7 * 24 * 60 * 60),
  AUTH_DEMO: optionalText.pipe(booleanFlag.optional()),
  AUTH_GITHUB_ID: optionalText,
  AUTH_GITHUB_SECRET: optionalText,
  EMAIL_SERVER: optionalText.pipe(
    z
      .string()
      .regex(/^smtps?:\/\/.+/, 'must be an SMTP URL such as smtp://user:pass@smtp.example.com:587')
      .optional(),
  ),
  EMAIL_FROM: optionalText.pipe(z.email('must be an e-mail address such as billing@example.com').optional()),

  /** Test switch: "off" stops the return and landing routes from syncing, to prove webhooks alone suffice. */
  BILLING_LANDING_SYNC: optionalText.pipe(z.enum(['on', 'off'], { error: 'must be "on" or "off"' }).optional()),

  /** Set by `next build`; lets the build run without the secrets only a running server needs. */
  NEXT_PHASE: optionalText,
});

/** Every variable lib/env.ts reads; tests that start servers clear them to start from nothing. */
export const APP_VARIABLES = Object.keys(variables.shape) as (keyof typeof variables.shape)[];

const schema = variables.superRefine((value, ctx) => {
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
  const live = Boolean(value.STRIPE_SECRET_KEY?.includes('_live_'));
  const publicDemo = value.PORTAL_FLOWS_DEMO === 'true';
  const building = value.NEXT_PHASE === 'phase-production-build';
  const production = value.NODE_ENV === 'production' && !building;
  if (live && value.AUTH_DEMO === 'true') {
    ctx.addIssue({
      code: 'custom',
      path: ['AUTH_DEMO'],
      message: 'must not be "true" with a live Stripe key: demo sign-in lets anyone in without a password',
    });
  } else if (value.AUTH_DEMO === 'true' && (value.AUTH_GITHUB_ID || value.EMAIL_SERVER)) {
    ctx.addIssue({
      code: 'custom',
      path: ['AUTH_DEMO'],
      message:
        'must not be "true" beside GitHub or e-mail sign-in: demo sign-in would let anyone in as those users by typing their address',
    });
  } else if (value.AUTH_DEMO === 'true' && production && !publicDemo) {
    ctx.addIssue({
      code: 'custom',
      path: ['AUTH_DEMO'],
      message: 'must not be "true" in production unless the site is an explicit public demo (PORTAL_FLOWS_DEMO=true)',
    });
  }
  if (publicDemo && live) {
    ctx.addIssue({
      code: 'custom',
      path: ['PORTAL_FLOWS_DEMO'],
      message: 'must not be "true" with a live Stripe key: a public demo lets anyone sign in',
    });
  }
  if (production && !publicDemo) {
    for (const [name, what] of [
      ['STRIPE_SECRET_KEY', 'your Stripe secret key (sk_live_… or sk_test_…)'],
      ['DATABASE_URL', 'a PostgreSQL connection string'],
    ] as const) {
      if (value[name]) continue;
      ctx.addIssue({
        code: 'custom',
        path: [name],
        message: `is required in production: set it to ${what}, or set PORTAL_FLOWS_DEMO=true to run a public demo on the Stripe emulator and the embedded database`,
      });
    }
  }
  if (value.STRIPE_API_BASE && !value.STRIPE_SECRET_KEY?.startsWith('sk_test_')) {
    ctx.addIssue({
      code: 'custom',
      path: ['STRIPE_API_BASE'],
      message: 'is a test-only override of api.stripe.com: it needs a test key (sk_test_…) and is never used with a live one; unset it',
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
  if (production && !value.AUTH_SECRET) {
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
  /** PORTAL_FLOWS_DEMO=true: a public demo, announced at start-up and in every page's footer. */
  publicDemo: boolean;
  stripe: {
    mode: StripeMode;
    secretKey: string;
    /** STRIPE_WEBHOOK_SECRET; in emulator mode, else the emulator's own, read from the data directory. */
    webhookSecret: string | undefined;
    livemode: boolean;
    /** Per-attempt timeout of a Stripe call; the SDK retries connection errors and 5xx twice. */
    timeoutMs: number;
    /** Where the SDK connects in emulator mode. */
    emulator: { host: string; port: number; protocol: 'http' };
    /** Test-only STRIPE_API_BASE: where the SDK connects in stripe mode instead of api.stripe.com (test keys only). */
    apiBase?: { host: string; port: number; protocol: 'http' | 'https' };
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
    /** Newest first: the first encrypts session cookies, every one decrypts them. Empty only in a build. */
    secrets: string[];
    /** How long a session lasts after sign-in, in seconds. */
    sessionMaxAge: number;
    demo: boolean;
    github: { id: string; secret: string } | undefined;
    email: { server: string; from: string } | undefined;
  };
}

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment; fix these variables (see .env.example):\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

/** The emulator accepts any key of this shape, which is also the form the SDK expects. */
export const EMULATOR_SECRET_KEY = 'sk_test_emulator';

/** Pure: turns a map of variables into `Env`, or throws `EnvError` listing every problem. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // Set but blank is a mistake (an empty field in a hosting dashboard), never "unset".
  const blank = APP_VARIABLES.filter((name) => name !== 'NEXT_PHASE' && source[name]?.trim() === '');
  const present = Object.fromEntries(Object.entries(source).filter(([name]) => !(blank as string[]).includes(name)));
  const result = schema.safeParse(present);
  const problems = blank.map((name) => `${name} is set but blank; give it a value or unset it (a blank value is not taken as unset)`);
  if (!result.success) {
    problems.push(
      // A blank variable is reported once, as blank, not again as missing.
      ...result.error.issues
        .filter((issue) => !(blank as PropertyKey[]).includes(issue.path[0] ?? ''))
        .map((issue) => {
          const name = issue.path.join('.') || 'environment';
          const given = issue.path.length === 1 ? source[String(issue.path[0])] : undefined;
          const shown = given === undefined ? '' : ` (got ${JSON.stringify(redact(String(issue.path[0]), given))})`;
          return `${name} ${issue.message}${shown}`;
        }),
    );
  }
  if (!result.success || problems.length > 0) throw new EnvError(problems);
  const value = result.data;
  const mode: StripeMode = value.STRIPE_SECRET_KEY ? 'stripe' : 'emulator';
  const livemode = Boolean(value.STRIPE_SECRET_KEY?.includes('_live_'));
  const publicDemo = value.PORTAL_FLOWS_DEMO === 'true';
  const otherProvider = Boolean(value.AUTH_GITHUB_ID || value.EMAIL_SERVER);
  // Off by default wherever it could be dangerous; superRefine has refused an explicit "true" there.
  const demo = value.AUTH_DEMO
    ? value.AUTH_DEMO === 'true'
    : mode === 'emulator' && !otherProvider && (value.NODE_ENV !== 'production' || publicDemo);
  const apiBase = value.STRIPE_API_BASE ? new URL(value.STRIPE_API_BASE) : undefined;

  return {
    nodeEnv: value.NODE_ENV,
    appUrl: value.APP_URL,
    port: value.PORT ?? defaultPort(value.APP_URL),
    dataDir: path.resolve(value.DATA_DIR),
    databaseUrl: value.DATABASE_URL,
    landingSync: value.BILLING_LANDING_SYNC !== 'off',
    publicDemo,
    stripe: {
      mode,
      secretKey: value.STRIPE_SECRET_KEY ?? EMULATOR_SECRET_KEY,
      webhookSecret: value.STRIPE_WEBHOOK_SECRET,
      livemode,
      timeoutMs: value.STRIPE_TIMEOUT_MS,
      emulator: { host: '127.0.0.1', port: value.EMULATOR_PORT, protocol: 'http' },
      ...(apiBase && {
        apiBase: {
          host: apiBase.hostname.replace(/^\[(.*)\]$/, '$1'),
          port: Number(apiBase.port) || (apiBase.protocol === 'https:' ? 443 : 80),
          protocol: apiBase.protocol === 'https:' ? ('https' as const) : ('http' as const),
        },
      }),
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
      secrets: value.AUTH_SECRET ?? [],
      sessionMaxAge: value.AUTH_SESSION_MAX_AGE,
      demo,
      github: value.AUTH_GITHUB_ID && value.AUTH_GITHUB_SECRET ? { id: value.AUTH_GITHUB_ID, secret: value.AUTH_GITHUB_SECRET } : undefined,
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
  return /SECRET|KEY|PASSWORD/.test(name) || name === 'DATABASE_URL' || name === 'EMAIL_SERVER' ? `${value.slice(0, 8)}…` : value;
}

/** The emulator's webhook signing secret: generated once per data directory, never a published default. */
export function emulatorWebhookSecret(dataDir: string) {
  return readOrCreateSecret(dataDir, EMULATOR_WEBHOOK_SECRET_FILE, () => `whsec_${randomBytes(24).toString('hex')}`);
}

function loadEnv(): Env {
  const parsed = parseEnv(process.env);
  const building = process.env.NEXT_PHASE === 'phase-production-build';
  if (parsed.auth.secrets.length === 0 && parsed.nodeEnv !== 'production') {
    // Development convenience: generated once and kept, so sessions survive restarts.
    parsed.auth.secrets = [readOrCreateSecret(parsed.dataDir, 'auth-secret', () => randomBytes(33).toString('base64'))];
  }
  if (parsed.stripe.mode === 'emulator' && !parsed.stripe.webhookSecret && !building) {
    parsed.stripe.webhookSecret = emulatorWebhookSecret(parsed.dataDir);
  }
  // Auth.js reads its origin from AUTH_URL; without it, it would build callback
  // URLs from the request's Host / X-Forwarded-Host headers. Hand it APP_URL.
  process.env.AUTH_URL = parsed.appUrl;
  return parsed;
}

export const env: Env = loadEnv();
