import type { Env } from './env';

/**
 * What a server says when it starts: its mode, what it talks to and who can sign in,
 * and, in a box nobody can miss, that it is a public demo when PORTAL_FLOWS_DEMO=true.
 */
export function startupBanner(env: Env): string[] {
  const stripe =
    env.stripe.mode === 'emulator'
      ? `the Stripe emulator (127.0.0.1:${env.stripe.emulator.port})`
      : `Stripe, ${env.stripe.livemode ? 'LIVE' : 'test'} key` +
        (env.stripe.apiBase
          ? ` via STRIPE_API_BASE ${env.stripe.apiBase.protocol}://${env.stripe.apiBase.host}:${env.stripe.apiBase.port} (test only)`
          : '');
  const database = env.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${env.dataDir}`;
  const signIn =
    [env.auth.github && 'GitHub', env.auth.email && 'e-mail link', env.auth.demo && 'DEMO (any address, no password)']
      .filter(Boolean)
      .join(', ') || 'none configured';
  const lines = [
    `Portal Flows (${env.nodeEnv}) on ${env.appUrl}: ${stripe}; ${database}; sign-in: ${signIn}; sessions last ${describeSeconds(env.auth.sessionMaxAge)}`,
  ];
  if (env.publicDemo) {
    const rule = '!'.repeat(78);
    lines.push(
      rule,
      '!! PUBLIC DEMO (PORTAL_FLOWS_DEMO=true): not a real shop.',
      env.auth.demo ? '!! Anyone can sign in as any e-mail address, without a password.' : '!! Its data is for demonstration only.',
      env.stripe.mode === 'emulator'
        ? '!! Billing runs on the local Stripe emulator: no real payments are taken.'
        : '!! Billing runs on a Stripe test account.',
      '!! Every page says so in its footer. Unset PORTAL_FLOWS_DEMO for a real deployment.',
      rule,
    );
  }
  return lines;
}

function describeSeconds(seconds: number) {
  const day = 24 * 60 * 60;
  if (seconds % day === 0) return `${seconds / day} day${seconds === day ? '' : 's'}`;
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  return `${seconds} s`;
}

/**
 * Run once when a server starts (instrumentation.ts), before it serves anything: a wrong
 * variable stops it with its message, the banner says what it runs against, and the
 * database is migrated, so `next start`, the standalone server and serverless functions
 * all serve an up-to-date schema.
 */
export async function startServer() {
  let env: Env;
  try {
    ({ env } = await import('./env'));
  } catch (error) {
    if (error instanceof Error && error.name === 'EnvError') {
      console.error(`\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  for (const line of startupBanner(env)) console.log(line);
  const { migrateDatabase } = await import('./db');
  const started = performance.now();
  try {
    await migrateDatabase();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // A database that does not answer yet is an outage the pages report, and the next
    // start migrates; one that answers but refuses a migration needs a person.
    if (isConnectionError(error)) {
      console.error(`✗ the database did not answer at start-up (${message}); serving anyway, migrations are applied at the next start`);
      return;
    }
    console.error(`✗ could not migrate the database: ${message}`);
    process.exit(1);
  }
  console.log(`✓ database schema up to date (${Math.round(performance.now() - started)} ms)`);
}

const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'CONNECT_TIMEOUT']);

function isConnectionError(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if (CONNECTION_ERRORS.has((cause as NodeJS.ErrnoException).code ?? '')) return true;
  }
  return false;
}
