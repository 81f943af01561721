import type Stripe from 'stripe';
import type { Database } from '@/lib/db/client';
import type { StripeMode } from '@/lib/db/schema';
import type { BillingConfig } from './config-schema';
import { seedDemoData } from './demo';
import type { StripeScope } from './scope';
import { applyBilling, type PlanStep } from './setup';

/**
 * `npm run stripe:setup` as data: what applying the config did, step by step, and the demo
 * customers it seeded. The same whether the command opened the database itself or handed
 * the work to a running `npm run dev` (app/api/dev/billing), which answers it as JSON.
 */
export interface SetupReport {
  steps: Pick<PlanStep, 'kind' | 'key' | 'status' | 'changes'>[];
  /** One line per demo customer (emulator mode, when asked for). */
  demo: string[];
  scope: StripeScope;
}

export async function runSetup(
  stripe: Stripe,
  db: Database,
  config: BillingConfig,
  options: { mode: StripeMode; demo: boolean },
): Promise<SetupReport> {
  const { steps, resolved, scope } = await applyBilling(stripe, db, config, { mode: options.mode });
  const demo: string[] = [];
  if (options.demo && options.mode === 'emulator') await seedDemoData(db, stripe, { config, resolved }, (line) => demo.push(line));
  return { steps: steps.map(({ kind, key, status, changes }) => ({ kind, key, status, changes })), demo, scope };
}
