import { randomBytes } from 'node:crypto';
import { startEmulator, type Harness } from '@portal-flows/stripe-emulator/testing';
import Stripe from 'stripe';
import { afterAll, beforeAll, inject } from 'vitest';
import { Normaliser } from './normalise';

// The two Stripes the contract suite runs against: the local emulator (always) and a real Stripe
// test-mode account (only with STRIPE_CONTRACT_KEY). Every object a run creates is tagged with
// metadata `contract_run: <run id>` and tracked, and each test file cleans up what it created.

export type TargetName = 'emulator' | 'stripe';

export const STRIPE_SKIPPED_LINE = 'contract: Stripe target skipped (set STRIPE_CONTRACT_KEY=sk_test_… to run it)';

export class ContractKeyError extends Error {
  override name = 'ContractKeyError';
}

/**
 * STRIPE_CONTRACT_KEY, checked: null when unset or empty; the key when it is a test-mode secret or
 * restricted key. Anything else throws, naming the prefix it saw and never the key itself: the suite
 * creates and deletes objects, so it must never run against live mode.
 */
export function contractKey(value: string | undefined): string | null {
  const key = value?.trim() ?? '';
  if (key === '') return null;
  const prefix = /^[a-z]+_[a-z]+_/.exec(key)?.[0];
  if (prefix === 'sk_live_' || prefix === 'rk_live_') {
    throw new ContractKeyError(
      `STRIPE_CONTRACT_KEY is a live-mode key (${prefix}…). The contract suite creates, changes and deletes objects, so it runs only with a test-mode key: sk_test_… or rk_test_….`,
    );
  }
  if (!/^(sk|rk)_test_[A-Za-z0-9]+$/.test(key)) {
    const seen =
      prefix === 'sk_test_' || prefix === 'rk_test_'
        ? `starts with ${prefix} but has other characters than letters and digits`
        : prefix
          ? `starts with ${prefix}`
          : 'has neither prefix';
    throw new ContractKeyError(
      `STRIPE_CONTRACT_KEY must be a Stripe test-mode secret or restricted key, sk_test_… or rk_test_… (this value ${seen}).`,
    );
  }
  return key;
}

/** A run id: when the run started and six random characters, e.g. `contract-20261130t101500-k3x9qa`. */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').slice(0, 15).toLowerCase();
  const random = [...randomBytes(6)].map((byte) => 'abcdefghijklmnopqrstuvwxyz0123456789'[byte % 36]).join('');
  return `contract-${stamp}-${random}`;
}

/** The kinds of object a test may create, in the order clean-up handles them. */
export const CLEANABLE = [
  'checkout.session',
  'subscription',
  'billing_portal.configuration',
  'promotion_code',
  'coupon',
  'customer',
  'price',
  'product',
  'webhook_endpoint',
] as const;
export type Cleanable = (typeof CLEANABLE)[number];

type Outcome = 'done' | 'already';
const isMissing = (error: unknown) => error instanceof Stripe.errors.StripeError && error.code === 'resource_missing';

/** How each kind is cleaned up. Stripe keeps prices, promotion codes and portal configurations for good. */
const CLEAN_UP: Record<Cleanable, { verb: string; run(stripe: Stripe, id: string): Promise<Outcome> }> = {
  'checkout.session': {
    verb: 'expired',
    async run(stripe, id) {
      if ((await stripe.checkout.sessions.retrieve(id)).status !== 'open') return 'already';
      await stripe.checkout.sessions.expire(id);
      return 'done';
    },
  },
  subscription: {
    verb: 'canceled',
    async run(stripe, id) {
      const { status } = await stripe.subscriptions.retrieve(id);
      if (status === 'canceled' || status === 'incomplete_expired') return 'already';
      await stripe.subscriptions.cancel(id);
      return 'done';
    },
  },
  'billing_portal.configuration': {
    verb: 'deactivated',
    async run(stripe, id) {
      if (!(await stripe.billingPortal.configurations.retrieve(id)).active) return 'already';
      await stripe.billingPortal.configurations.update(id, { active: false });
      return 'done';
    },
  },
  promotion_code: {
    verb: 'deactivated',
    async run(stripe, id) {
      if (!(await stripe.promotionCodes.retrieve(id)).active) return 'already';
      await stripe.promotionCodes.update(id, { active: false });
      return 'done';
    },
  },
  coupon: { verb: 'deleted', run: (stripe, id) => deleted(() => stripe.coupons.del(id)) },
  customer: { verb: 'deleted', run: (stripe, id) => deleted(() => stripe.customers.del(id)) },
  price: {
    verb: 'archived',
    async run(stripe, id) {
      if (!(await stripe.prices.retrieve(id)).active) return 'already';
      await stripe.prices.update(id, { active: false });
      return 'done';
    },
  },
  product: {
    verb: 'archived',
    async run(stripe, id) {
      if (!(await stripe.products.retrieve(id)).active) return 'already';
      await stripe.products.update(id, { active: false });
      return 'done';
    },
  },
  webhook_endpoint: { verb: 'deleted', run: (stripe, id) => deleted(() => stripe.webhookEndpoints.del(id)) },
};

async function deleted(call: () => Promise<unknown>): Promise<Outcome> {
  try {
    await call();
    return 'done';
  } catch (error) {
    if (isMissing(error)) return 'already';
    throw error;
  }
}

// The emulator does not emulate deleting customers or coupons (see its README); what it cannot
// delete goes away with its temporary data file when the target closes.
const EMULATOR_CANNOT: ReadonlySet<Cleanable> = new Set(['customer', 'coupon']);

interface CleanupReport {
  /** "3 customers deleted", one line per kind that had objects. */
  readonly done: string[];
  /** Objects left for the target's own teardown, with why. */
  readonly left: string[];
  /** `<kind> <id>: <error>` for each object that could not be cleaned up. */
  readonly failures: string[];
}

export interface ContractTarget {
  readonly name: TargetName;
  readonly stripe: Stripe;
  readonly runId: string;
  /** Put on every object a test creates. */
  readonly metadata: { contract_run: string };
  /** The emulator's harness, for what only the emulator can show (delivery to a local URL); null on Stripe. */
  readonly emulator: Harness | null;
  /** Records an object this run created so that clean-up finds it; returns it unchanged. */
  track<T extends { id: string; object: Cleanable }>(created: T): T;
  /** A normaliser for this target's ids, run id and hosted pages; `names` shows ids by name. */
  normaliser(names?: Record<string, string>): Normaliser;
  /** Cleans up everything tracked so far (and forgets it). */
  cleanUp(): Promise<CleanupReport>;
  close(): Promise<void>;
}

const STRIPE_HOSTED_ORIGINS = [
  'https://billing.stripe.com',
  'https://checkout.stripe.com',
  'https://invoice.stripe.com',
  'https://pay.stripe.com',
];

async function openTarget(name: TargetName, runId: string): Promise<ContractTarget> {
  let emulator: Harness | null = null;
  let stripe: Stripe;
  let hostedOrigins: string[];
  if (name === 'emulator') {
    emulator = await startEmulator();
    stripe = emulator.stripe;
    hostedOrigins = [emulator.url];
    // A Stripe account whose portal settings were saved in the Dashboard has a default
    // configuration, and configurations created through the API are not the default. The
    // emulator makes its first configuration the default, so this one plays the Dashboard's.
    await stripe.billingPortal.configurations.create({ features: { invoice_history: { enabled: true } } });
  } else {
    const key = contractKey(process.env.STRIPE_CONTRACT_KEY);
    if (!key) throw new ContractKeyError('The Stripe target needs STRIPE_CONTRACT_KEY=sk_test_….');
    stripe = new Stripe(key, { maxNetworkRetries: 3, appInfo: { name: 'portal-flows-contract-tests' } });
    hostedOrigins = STRIPE_HOSTED_ORIGINS;
  }
  const tracked: { kind: Cleanable; id: string }[] = [];
  return {
    name,
    stripe,
    runId,
    metadata: { contract_run: runId },
    emulator,
    track(created) {
      tracked.push({ kind: created.object, id: created.id });
      return created;
    },
    normaliser: (names = {}) => new Normaliser({ names, runId, hostedOrigins }),
    async cleanUp() {
      const done: string[] = [];
      const left: string[] = [];
      const failures: string[] = [];
      const objects = tracked.splice(0);
      for (const kind of CLEANABLE) {
        const ids = [...new Set(objects.filter((object) => object.kind === kind).map((object) => object.id))];
        if (ids.length === 0) continue;
        if (name === 'emulator' && EMULATOR_CANNOT.has(kind)) {
          left.push(`${ids.length} ${kind} (the emulator does not emulate deleting them; they go with its data file)`);
          continue;
        }
        let count = 0;
        for (const id of ids) {
          try {
            if ((await CLEAN_UP[kind].run(stripe, id)) === 'done') count += 1;
          } catch (error) {
            failures.push(`${kind} ${id}: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
        if (count > 0) done.push(`${count} ${kind} ${CLEAN_UP[kind].verb}`);
      }
      return { done, left, failures };
    },
    async close() {
      await emulator?.close();
    },
  };
}

/** The targets this run covers: the emulator, and Stripe when STRIPE_CONTRACT_KEY holds a test key. */
export function contractTargets(): TargetName[] {
  return contractKey(process.env.STRIPE_CONTRACT_KEY) ? ['emulator', 'stripe'] : ['emulator'];
}

/**
 * Opens `name` before the describe block's tests and cleans up and closes it after them; a clean-up
 * that fails fails the file, naming what was left behind. Returns a getter for the target.
 */
export function useTarget(name: TargetName): () => ContractTarget {
  const runId = inject('contractRunId');
  if (!runId) throw new Error('No run id: run the contract tests as the vitest project `contract` (npm run test:contract).');
  let target: ContractTarget | undefined;
  beforeAll(async () => {
    target = await openTarget(name, runId);
  });
  afterAll(async () => {
    if (!target) return;
    try {
      const report = await target.cleanUp();
      if (name === 'stripe' && report.done.length > 0) console.log(`contract: run ${runId} on Stripe: ${report.done.join(', ')}`);
      if (report.failures.length > 0) {
        throw new Error(`Clean-up of run ${runId} on ${name} left objects behind:\n${report.failures.join('\n')}`);
      }
    } finally {
      await target.close();
    }
  });
  return () => {
    if (!target) throw new Error(`The ${name} target is used before its beforeAll hook opened it.`);
    return target;
  };
}
