// npm run stripe:doctor — compares billing.config.ts with Stripe and our catalogue, checks the
// portal and webhook set-up, and exits 1 with what to do when something is wrong. Changes nothing.
import { billingConfig } from '../billing.config';
import { scopeProblem, stripeModeOf, stripeScope } from '../lib/billing/scope';
import { CONFIG_KEY, planBilling } from '../lib/billing/setup';
import { checkWebhookEndpoint } from '../lib/billing/webhook-endpoint';
import { createStripeClient } from '../lib/billing/stripe-client';
import { databaseTarget, openDatabase } from '../lib/db/client';
import { DatabaseBusyError } from '../lib/db/pglite-lock';
import { billingCatalog, type CatalogKind, type StripeMode } from '../lib/db/schema';
import { DEV_BILLING_PATH, readDevServer } from '../lib/dev-server';
import type { Env } from '../lib/env';
import { loadEnvOrExit } from './lib/load-env';
import { describeStep } from './lib/stripe-setup';

interface CatalogRow {
  kind: CatalogKind;
  key: string;
  stripeId: string;
  stripeAccount: string | null;
  stripeMode: StripeMode | null;
}

/** Our catalogue: from the running `npm run dev` when it holds the database, else read directly. */
async function readCatalog(env: Env): Promise<CatalogRow[]> {
  const server = readDevServer(env.dataDir);
  if (server) {
    const response = await fetch(`${server.localUrl}${DEV_BILLING_PATH}`, {
      headers: { authorization: `Bearer ${server.token}` },
      signal: AbortSignal.timeout(120_000),
    });
    const body = (await response.json().catch(() => ({}))) as { rows?: CatalogRow[]; error?: string };
    if (!response.ok || !body.rows) throw new Error(`the running \`npm run dev\` answered HTTP ${response.status}: ${body.error ?? ''}`);
    return body.rows;
  }
  const handle = openDatabase(databaseTarget(env.databaseUrl, env.dataDir));
  try {
    return await handle.db
      .select({
        kind: billingCatalog.kind,
        key: billingCatalog.key,
        stripeId: billingCatalog.stripeId,
        stripeAccount: billingCatalog.stripeAccount,
        stripeMode: billingCatalog.stripeMode,
      })
      .from(billingCatalog);
  } finally {
    await handle.close();
  }
}

const env = await loadEnvOrExit();
const stripe = createStripeClient(env.stripe, { maxNetworkRetries: 1 });
const problems: string[] = [];
const notes: string[] = [];

// Our catalogue must belong to this Stripe: checked first, by mode, which needs no call to
// Stripe, so emulator ids with a key are reported even when Stripe cannot be reached.
const mode = stripeModeOf(env.stripe);
let rows: CatalogRow[] | null = null;
try {
  rows = await readCatalog(env);
} catch (error) {
  const hint = error instanceof DatabaseBusyError ? '' : ' (run `npm run db:migrate` if its tables are missing)';
  problems.push(`database: ${error instanceof Error ? error.message : error}${hint}`);
}
const rowScopes = (rows ?? []).map((row) => ({ mode: row.stripeMode, accountId: row.stripeAccount }));
const modeProblem = scopeProblem(rowScopes, { mode });
if (modeProblem) problems.push(`catalogue: ${modeProblem}`);

try {
  const steps = await planBilling(stripe, billingConfig);
  const verbs = { create: 'missing', update: 'drifted', unchanged: 'ok', conflict: 'CONFLICT' } as const;
  for (const step of steps) {
    if (step.status !== 'unchanged') problems.push(describeStep(step, (status) => verbs[status]).trimStart());
  }
  if (steps.some((step) => step.kind === 'portal_configuration' && step.key === 'default' && step.status === 'create')) {
    problems.push('no default portal configuration: every portal session would fail. Run `npm run stripe:setup`.');
  }

  // Prices a portal configuration offers must be active recurring prices, or the
  // "Change plan" flow shows plans the customer cannot actually switch to.
  for await (const configuration of stripe.billingPortal.configurations.list({
    limit: 100,
    expand: ['data.features.subscription_update.products'],
  })) {
    const key = configuration.metadata?.[CONFIG_KEY];
    if (!key) continue;
    for (const product of configuration.features.subscription_update.products ?? []) {
      for (const priceId of product.prices) {
        const price = await stripe.prices.retrieve(priceId);
        if (!price.active || !price.recurring) {
          problems.push(
            `portal configuration ${key} offers ${priceId}, which is ${price.active ? 'not recurring' : 'archived'}; run \`npm run stripe:setup\``,
          );
        }
      }
    }
  }

  // ...and to its account, and point at the objects it has, or pages and actions use ids
  // that do not exist or are stale.
  if (rows && !modeProblem) {
    const accountProblem = scopeProblem(rowScopes, await stripeScope(stripe, mode));
    if (accountProblem) problems.push(`catalogue: ${accountProblem}`);
    for (const step of accountProblem ? [] : steps) {
      const row = rows.find((candidate) => candidate.kind === step.kind && candidate.key === step.key);
      if (step.stripeId && step.status === 'unchanged' && row?.stripeId !== step.stripeId) {
        problems.push(
          `catalogue: ${step.kind} ${step.key} is ${row ? row.stripeId : 'missing'} in the database but ${step.stripeId} in Stripe; run \`npm run stripe:setup\``,
        );
      }
    }
  }

  // The endpoint Stripe posts to must send every event the app acts on (and, ideally, no other).
  const webhookUrl = `${env.appUrl}/api/stripe/webhook`;
  const webhooks = await checkWebhookEndpoint(stripe, webhookUrl);
  notes.push(...webhooks.notes);
  problems.push(...webhooks.problems);
  if (env.stripe.mode === 'emulator') {
    if (!webhooks.endpoint)
      notes.push(
        `webhooks: the emulator signs events with this install's secret (DATA_DIR/stripe-emulator-webhook-secret) and posts them to ${webhookUrl}`,
      );
  } else {
    if (!env.stripe.webhookSecret) {
      problems.push(
        'STRIPE_WEBHOOK_SECRET is not set: every webhook would be refused. Use your endpoint’s signing secret (or the one `stripe listen` prints).',
      );
    }
    const local = ['localhost', '127.0.0.1'].includes(new URL(env.appUrl).hostname);
    if (!webhooks.endpoint) {
      if (local) notes.push(`webhooks: APP_URL is local; forward events with \`stripe listen --forward-to ${webhookUrl}\``);
      else problems.push(`no enabled webhook endpoint for ${webhookUrl}: add one in the Stripe dashboard (see README, Webhooks)`);
    }
  }
} catch (error) {
  const hint =
    env.stripe.mode === 'emulator'
      ? ' Is the emulator running? Start it with `npm run emulator` or `npm run dev`.'
      : ' Check STRIPE_SECRET_KEY and your network.';
  problems.push(`could not read Stripe: ${error instanceof Error ? error.message : error}.${hint}`);
}

for (const note of notes) console.log(`  ${note}`);
if (problems.length === 0) {
  console.log('✓ stripe:doctor: billing.config.ts, Stripe and the catalogue agree');
  process.exit(0);
}
console.log(`✗ stripe:doctor found ${problems.length} problem${problems.length === 1 ? '' : 's'}:`);
for (const problem of problems) console.log(`  - ${problem}`);
process.exit(1);
