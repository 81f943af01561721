import { billingConfig } from '@/billing.config';
import type { Database } from '@/lib/db/client';
import { findCatalogEntries, findCatalogEntry } from '@/lib/db/queries';
import type { BillingConfig, PriceConfig, ProductConfig } from './config-schema';

interface PlanPrice extends PriceConfig {
  /** The Stripe price id, from our catalogue. */
  priceId: string;
}

export interface Plan extends Omit<ProductConfig, 'prices'> {
  prices: PlanPrice[];
}

/**
 * The plans the pricing page offers: billing.config.ts for the copy, our
 * catalogue for the Stripe ids. Plans whose prices are not set up yet are left
 * out, so the page never offers a button that would fail.
 */
export async function loadPlans(db: Database, config: Pick<BillingConfig, 'products'> = billingConfig): Promise<Plan[]> {
  const prices = new Map((await findCatalogEntries(db, 'price')).map((entry) => [entry.key, entry.stripeId]));
  return config.products
    .map((product) => ({
      ...product,
      prices: product.prices.flatMap((price) => {
        const priceId = prices.get(price.lookupKey);
        return priceId ? [{ ...price, priceId }] : [];
      }),
    }))
    .filter((plan) => plan.prices.length > 0);
}

export async function findPlanPrice(db: Database, lookupKey: string, config: Pick<BillingConfig, 'products'> = billingConfig) {
  const product = config.products.find((candidate) => candidate.prices.some((price) => price.lookupKey === lookupKey));
  const price = product?.prices.find((candidate) => candidate.lookupKey === lookupKey);
  const entry = price ? await findCatalogEntry(db, 'price', lookupKey) : null;
  return product && price && entry ? { product, price, priceId: entry.stripeId } : null;
}

/**
 * A promotion code the customer typed, if billing.config.ts declares it and it is
 * active. Codes are matched case-insensitively, as Stripe does.
 */
export async function findPromotionCode(db: Database, typed: string) {
  const code = typed.trim().toUpperCase();
  const entry = await findCatalogEntry(db, 'promotion_code', code);
  return entry?.active ? { code, promotionCodeId: entry.stripeId } : null;
}
