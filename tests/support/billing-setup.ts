import type Stripe from 'stripe';
import type { BillingConfig, BillingConfigInput } from '@/lib/billing/config-schema';
import { applyBilling, type PlanStep } from '@/lib/billing/setup';
import type { DatabaseHandle } from '@/lib/db/client';
import type { BillingWorld } from './billing';
import { buildBillingConfig, testBillingConfig as billingConfig } from './billing-config';

// What the set-up tests (tests/integration/billing-setup*.test.ts) share: the config edits, the
// runs of applyBilling, and how they read its steps and the emulator's requests.

/** The test catalogue with some edits, validated again as stripe:setup would load it. */
export const editedConfig: (edit: (input: BillingConfigInput) => void) => BillingConfig = buildBillingConfig;

/** applyBilling as `npm run stripe:setup` runs it against the emulator. */
export const apply = (stripe: Stripe, db: DatabaseHandle['db'], config: BillingConfig) =>
  applyBilling(stripe, db, config, { mode: 'emulator' });

export const statusesOf = (steps: PlanStep[]) => steps.map((step) => `${step.status} ${step.kind} ${step.key}`);
export const changedSteps = (steps: PlanStep[]) => steps.filter((step) => step.status !== 'unchanged');
export const stepFor = (steps: PlanStep[], kind: PlanStep['kind'], key: string) => {
  const step = steps.find((candidate) => candidate.kind === kind && candidate.key === key);
  if (!step) throw new Error(`no ${kind} step for ${key}`);
  return step;
};

export const allLookupKeys = billingConfig.products.flatMap((product) => product.prices.map((price) => price.lookupKey));

export async function listAll<T>(page: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of page) items.push(item);
  return items;
}

export async function portalConfiguration(stripe: Stripe, id: string) {
  return stripe.billingPortal.configurations.retrieve(id, { expand: ['features.subscription_update.products'] });
}

/** Write requests (anything but GET) the emulator received since its request log was cleared. */
export async function writesSince(world: BillingWorld) {
  const summary = (await world.harness.control('GET', '/_emulator/requests')) as { routes: Record<string, number> };
  return Object.keys(summary.routes).filter((route) => !route.startsWith('GET '));
}
