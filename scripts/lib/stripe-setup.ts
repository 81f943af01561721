import type { BillingConfig } from '../../lib/billing/config-schema';
import { stripeModeOf, type StripeScope } from '../../lib/billing/scope';
import type { PlanStep } from '../../lib/billing/setup';
import { runSetup, type SetupReport } from '../../lib/billing/setup-report';
import { createStripeClient } from '../../lib/billing/stripe-client';
import type { Database } from '../../lib/db/client';
import { DEV_BILLING_PATH, type DevServerRecord } from '../../lib/dev-server';
import type { Env } from '../../lib/env';

const labels: Record<PlanStep['status'], string> = {
  create: 'created',
  update: 'updated',
  unchanged: 'unchanged',
  conflict: 'CONFLICT',
};

export function describeStep(
  step: Pick<PlanStep, 'kind' | 'key' | 'status' | 'changes'>,
  verb: (status: PlanStep['status']) => string = (status) => labels[status],
) {
  const head = `  ${verb(step.status).padEnd(10)} ${step.kind.replace('_', ' ')} ${step.key}`;
  return step.changes.length && step.status !== 'create' ? `${head}\n${step.changes.map((c) => `               ${c}`).join('\n')}` : head;
}

const modeNames = { emulator: 'the Stripe emulator', test: 'Stripe (test mode)', live: 'Stripe (LIVE mode)' } as const;

export const describeScope = (scope: Pick<StripeScope, 'mode'> & { accountId?: string }) =>
  `${modeNames[scope.mode]}${scope.accountId ? ` (${scope.accountId})` : ''}`;

/**
 * Prints what set-up did: every step, or with `changedOnly` (the watcher of `npm run dev`)
 * only those that changed something. Returns false when something could not be reconciled.
 */
export function printReport(report: SetupReport, options: { changedOnly?: boolean } = {}) {
  const count = (status: PlanStep['status']) => report.steps.filter((step) => step.status === status).length;
  for (const step of report.steps) {
    if (!options.changedOnly || step.status !== 'unchanged') console.log(describeStep(step));
  }
  const conflicts = count('conflict');
  console.log(
    `✓ billing set up in ${describeScope(report.scope)}: ${count('create')} created, ${count('update')} updated, ${count('unchanged')} unchanged` +
      (conflicts ? `, ${conflicts} conflicts (see above)` : ''),
  );
  if (report.demo.length > 0) {
    console.log('▸ demo customers');
    for (const line of report.demo) console.log(line);
  }
  return conflicts === 0;
}

/** Applies `config` with this process's own database handle (nothing else holds it). */
export function setupDirect(env: Env, db: Database, config: BillingConfig, options: { demo: boolean }) {
  return runSetup(createStripeClient(env.stripe), db, config, { mode: stripeModeOf(env.stripe), demo: options.demo });
}

/** How long to wait for a `next dev` that is still starting (its first compile of the route is slow). */
const APP_WAIT_MS = 180_000;

/**
 * Applies `config` through the running `npm run dev` (app/api/dev/billing), the one
 * process that may write the embedded database.
 */
export async function setupThroughApp(server: DevServerRecord, config: BillingConfig, options: { demo: boolean }): Promise<SetupReport> {
  const deadline = Date.now() + APP_WAIT_MS;
  let waiting = false;
  for (;;) {
    let response: Response;
    try {
      response = await fetch(`${server.localUrl}${DEV_BILLING_PATH}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ config, demo: options.demo }),
        signal: AbortSignal.timeout(APP_WAIT_MS),
      });
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`the app of \`npm run dev\` did not answer at ${server.localUrl}: ${String(error)}`);
      if (!waiting) console.log(`  waiting for the app at ${server.localUrl} to start…`);
      waiting = true;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      continue;
    }
    const body = (await response.json().catch(() => ({}))) as SetupReport & { error?: string };
    if (response.ok) return body;
    throw new Error(`the running app refused it (HTTP ${response.status}): ${body.error ?? response.statusText}`);
  }
}
