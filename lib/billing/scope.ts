import type Stripe from 'stripe';
import type { Database } from '@/lib/db/client';
import { billingCatalog, type StripeMode } from '@/lib/db/schema';

/**
 * Which Stripe our catalogue's ids belong to. Every `billing_catalog` row records the
 * account and mode `npm run stripe:setup` wrote it for; ids from another Stripe (the
 * emulator's after switching to a key, test ids with a live key) name objects that do not
 * exist there, so start-up and `stripe:doctor` refuse them and name the command that
 * rewrites the catalogue.
 */

export interface StripeScope {
  mode: StripeMode;
  /** `acct_…`, from `GET /v1/account`. */
  accountId: string;
}

/** The mode of the Stripe the environment talks to. */
export function stripeModeOf(stripe: { mode: 'emulator' | 'stripe'; livemode: boolean }): StripeMode {
  if (stripe.mode === 'emulator') return 'emulator';
  return stripe.livemode ? 'live' : 'test';
}

/** The account behind the client's key (one `GET /v1/account`). */
export async function stripeScope(stripe: Stripe, mode: StripeMode): Promise<StripeScope> {
  try {
    const account = await stripe.accounts.retrieveCurrent();
    return { mode, accountId: account.id };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `could not read the Stripe account (GET /v1/account): ${reason}` +
        (mode === 'emulator' ? '' : '; a restricted key needs read access to Account settings'),
    );
  }
}

const modeNames: Record<StripeMode, string> = {
  emulator: 'the local Stripe emulator',
  test: 'Stripe in test mode',
  live: 'Stripe in LIVE mode',
};

function describeScope(scope: { mode: StripeMode | null; accountId: string | null }) {
  if (!scope.mode) return 'a Stripe it did not record (set up before catalogues recorded their account)';
  return `${modeNames[scope.mode]}${scope.accountId ? ` (${scope.accountId})` : ''}`;
}

export interface CatalogScopeRow {
  mode: StripeMode | null;
  accountId: string | null;
}

/**
 * Why catalogue rows do not belong to `current`, in words that end with the fix, or null
 * when every row does (or there are none). Without `accountId` only the mode is compared,
 * which needs no call to Stripe.
 */
export function scopeProblem(rows: CatalogScopeRow[], current: { mode: StripeMode; accountId?: string }): string | null {
  const foreign = rows.filter(
    (row) => row.mode !== current.mode || (current.accountId !== undefined && row.accountId !== current.accountId),
  );
  if (foreign.length === 0) return null;
  const seen = new Set<string>();
  const from = foreign
    .map(describeScope)
    .filter((text) => !seen.has(text) && Boolean(seen.add(text)))
    .join(' and ');
  const now = describeScope({ mode: current.mode, accountId: current.accountId ?? null });
  return (
    `the billing catalogue holds Stripe ids from ${from}, but the app now talks to ${now}: ` +
    `its pages would offer prices and portal configurations that do not exist there. ` +
    `Run \`npm run stripe:setup\` to set billing.config.ts up in this Stripe; it rewrites the catalogue.`
  );
}

export function catalogScopeRows(db: Database): Promise<CatalogScopeRow[]> {
  return db.selectDistinct({ mode: billingCatalog.stripeMode, accountId: billingCatalog.stripeAccount }).from(billingCatalog);
}

/**
 * The start-up check: the mode first, which needs no call to Stripe (emulator ids with a
 * key are refused even when Stripe cannot be reached), then the account behind the key.
 * An account that cannot be read is reported to `warn`, not refused: Stripe being briefly
 * unreachable should not stop the app.
 */
export async function checkCatalogScope(
  db: Database,
  stripe: Stripe,
  mode: StripeMode,
  warn: (message: string) => void,
): Promise<string | null> {
  const rows = await catalogScopeRows(db);
  const modeProblem = scopeProblem(rows, { mode });
  if (modeProblem || rows.length === 0) return modeProblem;
  let accountId: string;
  try {
    ({ accountId } = await stripeScope(stripe, mode));
  } catch (error) {
    warn(`could not check which Stripe account the billing catalogue belongs to: ${error instanceof Error ? error.message : error}`);
    return null;
  }
  return scopeProblem(rows, { mode, accountId });
}
