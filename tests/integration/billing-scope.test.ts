import { eq } from 'drizzle-orm';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogScopeRows, checkCatalogScope } from '@/lib/billing/scope';
import { applyBilling } from '@/lib/billing/setup';
import type { DatabaseHandle } from '@/lib/db/client';
import { billingCatalog } from '@/lib/db/schema';
import { openBillingDatabase, startBillingWorld, type BillingWorld } from '../support/billing';

// The catalogue is scoped to its Stripe: every row records the account and mode set-up wrote
// it for, and ids of another Stripe are refused at start-up (and replaced by the next set-up).

/** A client for a Stripe nothing answers at: a check that calls it fails. */
const unreachable = new Stripe('sk_test_unreachable', {
  host: '127.0.0.1',
  port: 9,
  protocol: 'http',
  maxNetworkRetries: 0,
  timeout: 2000,
});

let handle: DatabaseHandle;
let world: BillingWorld;
let accountId: string;
beforeAll(async () => {
  handle = await openBillingDatabase('own');
  world = await startBillingWorld({ database: handle });
  accountId = (await world.stripe.accounts.retrieveCurrent()).id;
});
afterAll(async () => {
  await world?.close();
  await handle?.close();
});

describe('the catalogue’s Stripe', () => {
  it('applyBilling records the emulator’s account and mode on every row', async () => {
    expect(world.setup.scope).toEqual({ mode: 'emulator', accountId });
    const rows = await handle.db.select().from(billingCatalog);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((row) => `${row.stripeMode} ${row.stripeAccount}`))).toEqual(new Set([`emulator ${accountId}`]));
  });

  it('the same emulator → no problem', async () => {
    expect(await checkCatalogScope(handle.db, world.stripe, 'emulator', () => {})).toBeNull();
  });

  it('emulator ids with a test key → refused without calling Stripe, naming npm run stripe:setup', async () => {
    const warnings: string[] = [];
    const problem = await checkCatalogScope(handle.db, unreachable, 'test', (warning) => warnings.push(warning));
    expect(problem).toContain(
      `holds Stripe ids from the local Stripe emulator (${accountId}), but the app now talks to Stripe in test mode`,
    );
    expect(problem).toContain('Run `npm run stripe:setup`');
    expect(warnings).toEqual([]);
  });

  it('test ids with a live key → refused', async () => {
    const problem = await checkCatalogScope(handle.db, unreachable, 'live', () => {});
    expect(problem).toMatch(/Stripe in LIVE mode.*npm run stripe:setup/s);
  });

  it('another emulator (another account, same mode) → refused once its account is read', async () => {
    const other = await startBillingWorld({ database: handle, apply: false });
    try {
      const otherAccount = (await other.stripe.accounts.retrieveCurrent()).id;
      const problem = await checkCatalogScope(handle.db, other.stripe, 'emulator', () => {});
      expect(problem).toContain(
        `from the local Stripe emulator (${accountId}), but the app now talks to the local Stripe emulator (${otherAccount})`,
      );
    } finally {
      await other.close();
    }
  });

  it('the same mode with Stripe unreachable → a warning, not a refusal', async () => {
    const warnings: string[] = [];
    expect(await checkCatalogScope(handle.db, unreachable, 'emulator', (warning) => warnings.push(warning))).toBeNull();
    expect(warnings).toEqual([expect.stringContaining('could not check which Stripe account the billing catalogue belongs to')]);
  });

  it('rows from before accounts were recorded → refused', async () => {
    const [row] = await handle.db.select().from(billingCatalog).limit(1);
    await handle.db.insert(billingCatalog).values({ ...row!, key: 'legacy_row', stripeAccount: null, stripeMode: null });
    try {
      const problem = await checkCatalogScope(handle.db, world.stripe, 'emulator', () => {});
      expect(problem).toContain('a Stripe it did not record');
    } finally {
      await handle.db.delete(billingCatalog).where(eq(billingCatalog.key, 'legacy_row'));
    }
  });

  it('set-up against another Stripe replaces the catalogue: no row of the old one is left', async () => {
    const other = await startBillingWorld({ database: handle, apply: false });
    try {
      await handle.db
        .insert(billingCatalog)
        .values({ kind: 'price', key: 'gone_from_config', stripeId: 'price_old', stripeAccount: accountId, stripeMode: 'emulator' });
      const { scope } = await applyBilling(other.stripe, handle.db, other.config, { mode: 'emulator' });
      expect(scope.accountId).not.toBe(accountId);
      expect(await catalogScopeRows(handle.db)).toEqual([{ mode: 'emulator', accountId: scope.accountId }]);
      expect(await checkCatalogScope(handle.db, other.stripe, 'emulator', () => {})).toBeNull();
    } finally {
      await other.close();
    }
  });
});
