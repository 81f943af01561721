import { isNull, ne, or } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { billingCatalog, type CatalogKind } from '@/lib/db/schema';
import type { BillingConfig } from '../config-schema';
import type { StripeScope } from '../scope';
import type { ResolvedIds } from './plan';

/**
 * The last step of `stripe:setup`: every Stripe id it found or created, recorded in our
 * billing_catalog under its kind and config key, with the Stripe it belongs to. Rows of another
 * Stripe are dropped in the same transaction: their ids mean nothing here.
 */
export async function writeCatalog(db: Database, config: BillingConfig, resolved: ResolvedIds, scope: StripeScope) {
  const rows: (typeof billingCatalog.$inferInsert)[] = [];
  for (const [kind, ids] of Object.entries(resolved) as [CatalogKind, Map<string, string>][]) {
    for (const [key, stripeId] of ids) {
      const promotion = kind === 'promotion_code' ? config.promotionCodes.find((code) => code.code === key) : undefined;
      rows.push({
        kind,
        key,
        stripeId,
        active: promotion ? promotion.active : true,
        stripeAccount: scope.accountId,
        stripeMode: scope.mode,
        updatedAt: new Date(),
      });
    }
  }
  await db.transaction(async (tx) => {
    await tx
      .delete(billingCatalog)
      .where(
        or(
          isNull(billingCatalog.stripeMode),
          isNull(billingCatalog.stripeAccount),
          ne(billingCatalog.stripeMode, scope.mode),
          ne(billingCatalog.stripeAccount, scope.accountId),
        ),
      );
    for (const row of rows) {
      await tx
        .insert(billingCatalog)
        .values(row)
        .onConflictDoUpdate({
          target: [billingCatalog.kind, billingCatalog.key],
          set: {
            stripeId: row.stripeId,
            active: row.active,
            stripeAccount: row.stripeAccount,
            stripeMode: row.stripeMode,
            updatedAt: row.updatedAt,
          },
        });
    }
  });
}
