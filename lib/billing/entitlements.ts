import { billingConfig } from '@/billing.config';
import type { Subscription, SubscriptionStatus } from '@/lib/db/schema';
import type { BillingConfig } from './config-schema';
import type { FeatureKey } from './feature-keys';

/**
 * What a plan unlocks: the one place pages and actions ask whether the signed-in customer may
 * use a feature. A plan unlocks the keyed `features` of its product in billing.config.ts (and
 * of the product it `includes`); whether a subscription's plan counts depends on its state:
 *
 * | status | access | why |
 * |---|---|---|
 * | `active` | full | paid up; also while set to cancel (`cancel_at`), until it ends |
 * | `trialing` | full | a trial is the plan itself, free for a while |
 * | `past_due` | grace | a renewal failed and Stripe is retrying: keep everything while the customer fixes the card |
 * | `paused` | none | nothing is billed, so nothing is unlocked until it resumes |
 * | `unpaid` | none | Stripe gave up retrying |
 * | `canceled`, `incomplete`, `incomplete_expired` | none | ended, or never paid |
 *
 * A customer with several live subscriptions gets everything any of them unlocks.
 *
 * A page asks `canUse` (or `featureAccess`, to tell grace apart) before offering a feature; an
 * action that uses one is wrapped in `featureAction(feature, schema, handler)` from
 * lib/billing/feature-action.ts, which re-checks it from the database on every call and refuses
 * with a translated message, so a form left open after the plan lapsed does nothing. The custom
 * domains page (app/(account)/account/domains) is the worked example.
 */

export type Access = 'full' | 'grace' | 'none';

const ACCESS: Record<SubscriptionStatus, Access> = {
  active: 'full',
  trialing: 'full',
  past_due: 'grace',
  paused: 'none',
  unpaid: 'none',
  canceled: 'none',
  incomplete: 'none',
  incomplete_expired: 'none',
};

export function accessOf(status: SubscriptionStatus): Access {
  return ACCESS[status];
}

type Products = Pick<BillingConfig, 'products'>;

/** The keyed features of a product and of the products it includes (a cycle is followed once). */
export function featuresOfProduct(productKey: string, config: Products = billingConfig): Set<FeatureKey> {
  const unlocked = new Set<FeatureKey>();
  const seen = new Set<string>();
  let key: string | undefined = productKey;
  while (key !== undefined && !seen.has(key)) {
    seen.add(key);
    const product = config.products.find((candidate) => candidate.key === key);
    for (const feature of product?.features ?? []) if (feature.key) unlocked.add(feature.key);
    key = product?.includes;
  }
  return unlocked;
}

/** The product (by config key) a price belongs to, by its lookup key. */
function productKeyOfPrice(lookupKey: string | null, config: Products): string | null {
  if (!lookupKey) return null;
  return config.products.find((product) => product.prices.some((price) => price.lookupKey === lookupKey))?.key ?? null;
}

export interface Entitlements {
  /** Every feature the customer may use now. */
  features: ReadonlySet<FeatureKey>;
  /**
   * True when some of them are held only by the grace of a failed payment (`past_due`): the
   * page should say so and ask for a new card.
   */
  grace: boolean;
}

type SubscriptionState = Pick<Subscription, 'status' | 'priceLookupKey'>;

export function entitlementsOf(subscriptions: readonly SubscriptionState[], config: Products = billingConfig): Entitlements {
  const features = new Set<FeatureKey>();
  const paidFor = new Set<FeatureKey>();
  for (const subscription of subscriptions) {
    const access = accessOf(subscription.status);
    if (access === 'none') continue;
    const product = productKeyOfPrice(subscription.priceLookupKey, config);
    if (!product) continue;
    for (const feature of featuresOfProduct(product, config)) {
      features.add(feature);
      if (access === 'full') paidFor.add(feature);
    }
  }
  return { features, grace: [...features].some((feature) => !paidFor.has(feature)) };
}

/** Whether these subscriptions unlock `feature`: the check a page or an action makes before offering or doing it. */
export function canUse(subscriptions: readonly SubscriptionState[], feature: FeatureKey, config: Products = billingConfig): boolean {
  return entitlementsOf(subscriptions, config).features.has(feature);
}

/**
 * How these subscriptions hold one feature: `full` when a paid-up one unlocks it, `grace` when
 * only a `past_due` one does (the page says so and asks for a card), `none` otherwise.
 */
export function featureAccess(subscriptions: readonly SubscriptionState[], feature: FeatureKey, config: Products = billingConfig): Access {
  const paidUp = subscriptions.filter((subscription) => accessOf(subscription.status) === 'full');
  if (canUse(paidUp, feature, config)) return 'full';
  return canUse(subscriptions, feature, config) ? 'grace' : 'none';
}

/** The name of the first product in billing.config.ts that unlocks `feature`, for "… come with Pro"; null when none does. */
export function firstProductUnlocking(feature: FeatureKey, config: Products = billingConfig): string | null {
  return config.products.find((product) => featuresOfProduct(product.key, config).has(feature))?.name ?? null;
}
