import { billingConfig } from '../../billing.config';
import { seedDemoData } from '../../lib/billing/demo';
import { applyBilling, type PlanStep } from '../../lib/billing/setup';
import { createStripeClient } from '../../lib/billing/stripe-client';
import { databaseTarget, openDatabase } from '../../lib/db/client';
import type { Env } from '../../lib/env';

const labels: Record<PlanStep['status'], string> = {
  create: 'created',
  update: 'updated',
  unchanged: 'unchanged',
  conflict: 'CONFLICT',
};

export function describeStep(step: PlanStep, verb: (status: PlanStep['status']) => string = (status) => labels[status]) {
  const head = `  ${verb(step.status).padEnd(10)} ${step.kind.replace('_', ' ')} ${step.key}`;
  return step.changes.length && step.status !== 'create' ? `${head}\n${step.changes.map((c) => `               ${c}`).join('\n')}` : head;
}

/**
 * Applies billing.config.ts to the Stripe in `env` (and, in emulator mode, seeds
 * the demo customers). Returns false when something could not be reconciled.
 */
export async function runStripeSetup(env: Env, options: { demo: boolean }) {
  const stripe = createStripeClient(env.stripe);
  const handle = openDatabase(databaseTarget(env.databaseUrl, env.dataDir));
  const target = env.stripe.mode === 'emulator' ? 'the Stripe emulator' : `Stripe (${env.stripe.livemode ? 'LIVE' : 'test'} mode)`;
  console.log(`▸ applying billing.config.ts to ${target}`);
  try {
    const { steps, resolved } = await applyBilling(stripe, handle.db, billingConfig, (step) => console.log(describeStep(step)));
    const count = (status: PlanStep['status']) => steps.filter((step) => step.status === status).length;
    console.log(
      `✓ billing set up: ${count('create')} created, ${count('update')} updated, ${count('unchanged')} unchanged` +
        (count('conflict') ? `, ${count('conflict')} conflicts (see above)` : ''),
    );
    if (options.demo && env.stripe.mode === 'emulator') {
      console.log('▸ demo customers');
      await seedDemoData(handle.db, stripe, resolved, (line) => console.log(line));
    }
    return count('conflict') === 0;
  } finally {
    await handle.close();
  }
}
