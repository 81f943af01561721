import type { CatalogKind } from '@/lib/db/schema';

/**
 * What every set-up step shares (lib/billing/setup.ts plans and applies them; one file per
 * kind of object where a kind outgrows a few functions, e.g. ./portal-configuration.ts).
 */

/** Metadata key by which set-up finds its own products and portal configurations again. */
export const CONFIG_KEY = 'portal_flows_key';

export type StepStatus = 'create' | 'update' | 'unchanged' | 'conflict';

export interface PlanStep {
  kind: CatalogKind;
  key: string;
  status: StepStatus;
  /** What differs, in words (empty when unchanged). */
  changes: string[];
  /** Carries the step out and returns the Stripe id; absent for unchanged and conflicts. */
  apply?: (resolved: ResolvedIds) => Promise<string>;
  /** The Stripe id when the object exists already. */
  stripeId?: string;
  /** Applying creates a new object in place of `stripeId` (a price whose amount changed). */
  replaces?: boolean;
}

/** Stripe ids found or created so far, by kind and config key; later steps need earlier ids. */
export type ResolvedIds = Record<CatalogKind, Map<string, string>>;

export function differences(pairs: [label: string, wanted: unknown, actual: unknown][]) {
  return pairs
    .filter(([, wanted, actual]) => JSON.stringify(wanted ?? null) !== JSON.stringify(actual ?? null))
    .map(([label, wanted, actual]) => `${label}: ${JSON.stringify(actual ?? null)} → ${JSON.stringify(wanted ?? null)}`);
}

export function need(resolved: ResolvedIds, kind: CatalogKind, key: string) {
  const id = resolved[kind].get(key);
  if (!id) throw new Error(`${kind} "${key}" has no Stripe id yet; it should have been set up first`);
  return id;
}
