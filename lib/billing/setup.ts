import type Stripe from 'stripe';
import type { Database } from '@/lib/db/client';
import type { StripeMode } from '@/lib/db/schema';
import { defaultText } from '@/lib/i18n/localized-text';
import type { BillingConfig, CouponConfig, PriceConfig, ProductConfig } from './config-schema';
import { stripeScope, type StripeScope } from './scope';
import { writeCatalog } from './setup/catalog-rows';
import { portalSteps } from './setup/portal-configuration';
import { CONFIG_KEY, differences, need, type PlanStep, type ResolvedIds } from './setup/plan';

/**
 * Applying billing.config.ts to Stripe, idempotently. `planBilling` reads Stripe
 * and works out, object by object, what would change; `stripe:setup` carries the
 * plan out and `stripe:doctor` reports it without changing anything. Objects are
 * found by stable keys, never by position in a list: products and portal
 * configurations by `metadata.portal_flows_key`, prices by lookup key, coupons by
 * id, promotion codes by code.
 */

export { CONFIG_KEY, type PlanStep, type ResolvedIds } from './setup/plan';

async function listAll<T>(page: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of page) items.push(item);
  return items;
}

function productSteps(stripe: Stripe, config: BillingConfig, existing: Stripe.Product[]): PlanStep[] {
  return config.products.map((product): PlanStep => {
    const found = existing.find((candidate) => candidate.metadata?.[CONFIG_KEY] === product.key);
    const description = defaultText(product.description);
    const wanted = { name: product.name, description: description ?? null, active: true };
    if (!found) {
      return {
        kind: 'product',
        key: product.key,
        status: 'create',
        changes: [`new product "${product.name}"`],
        apply: async () => {
          const created = await stripe.products.create({
            name: product.name,
            ...(description ? { description } : {}),
            metadata: { [CONFIG_KEY]: product.key },
          });
          return created.id;
        },
      };
    }
    const changes = differences([
      ['name', wanted.name, found.name],
      ['description', wanted.description, found.description],
      ['active', wanted.active, found.active],
    ]);
    return {
      kind: 'product',
      key: product.key,
      status: changes.length ? 'update' : 'unchanged',
      changes,
      stripeId: found.id,
      apply: changes.length
        ? async () => {
            await stripe.products.update(found.id, {
              name: product.name,
              description: description ?? '',
              active: true,
            });
            return found.id;
          }
        : undefined,
    };
  });
}

function priceSteps(stripe: Stripe, config: BillingConfig, existing: Stripe.Price[]): PlanStep[] {
  const steps: PlanStep[] = [];
  for (const product of config.products) {
    for (const price of product.prices) {
      steps.push(
        priceStep(
          stripe,
          product,
          price,
          existing.find((candidate) => candidate.lookup_key === price.lookupKey),
        ),
      );
    }
  }
  return steps;
}

function priceStep(stripe: Stripe, product: ProductConfig, price: PriceConfig, found: Stripe.Price | undefined): PlanStep {
  const create = (transfer: boolean, replaced?: string) => async (resolved: ResolvedIds) => {
    const created = await stripe.prices.create({
      product: need(resolved, 'product', product.key),
      unit_amount: price.unitAmount,
      currency: price.currency,
      recurring: { interval: price.interval },
      lookup_key: price.lookupKey,
      ...(transfer ? { transfer_lookup_key: true } : {}),
      metadata: { [CONFIG_KEY]: price.lookupKey },
    });
    // A price's amount cannot change in Stripe: the new price takes over the
    // lookup key, and the old one is archived so no new subscription uses it.
    // Existing subscriptions keep the old price until they change plan.
    if (replaced) await stripe.prices.update(replaced, { active: false });
    return created.id;
  };
  if (!found) {
    return {
      kind: 'price',
      key: price.lookupKey,
      status: 'create',
      changes: [`new price ${price.unitAmount} ${price.currency}/${price.interval}`],
      apply: create(false),
    };
  }
  const productKey = typeof found.product === 'object' && 'metadata' in found.product ? found.product.metadata?.[CONFIG_KEY] : undefined;
  const immutable = differences([
    ['unit_amount', price.unitAmount, found.unit_amount],
    ['currency', price.currency, found.currency],
    ['interval', price.interval, found.recurring?.interval],
    ...(productKey !== undefined ? ([['product', product.key, productKey]] as [string, unknown, unknown][]) : []),
  ]);
  if (immutable.length) {
    return {
      kind: 'price',
      key: price.lookupKey,
      status: 'update',
      changes: [...immutable, `(prices are immutable: a new price replaces ${found.id})`],
      stripeId: found.id,
      replaces: true,
      apply: create(true, found.id),
    };
  }
  if (!found.active) {
    return {
      kind: 'price',
      key: price.lookupKey,
      status: 'update',
      changes: ['active: false → true'],
      stripeId: found.id,
      apply: async () => {
        await stripe.prices.update(found.id, { active: true });
        return found.id;
      },
    };
  }
  return { kind: 'price', key: price.lookupKey, status: 'unchanged', changes: [], stripeId: found.id };
}

function couponTerms(coupon: CouponConfig) {
  return {
    percent_off: coupon.percentOff ?? null,
    amount_off: coupon.amountOff ?? null,
    currency: coupon.amountOff !== undefined ? (coupon.currency ?? null) : null,
    duration: coupon.duration,
    duration_in_months: coupon.durationInMonths ?? null,
  };
}

function couponSteps(stripe: Stripe, config: BillingConfig, existing: Map<string, Stripe.Coupon | null>): PlanStep[] {
  return config.coupons.map((coupon): PlanStep => {
    const found = existing.get(coupon.id) ?? null;
    const terms = couponTerms(coupon);
    if (!found) {
      return {
        kind: 'coupon',
        key: coupon.id,
        status: 'create',
        changes: [`new coupon "${coupon.name}"`],
        apply: async () => {
          const created = await stripe.coupons.create({
            id: coupon.id,
            name: coupon.name,
            duration: coupon.duration,
            ...(coupon.percentOff !== undefined ? { percent_off: coupon.percentOff } : {}),
            ...(coupon.amountOff !== undefined ? { amount_off: coupon.amountOff, currency: coupon.currency } : {}),
            ...(coupon.durationInMonths !== undefined ? { duration_in_months: coupon.durationInMonths } : {}),
            metadata: { [CONFIG_KEY]: coupon.id },
          });
          return created.id;
        },
      };
    }
    const termChanges = differences([
      ['percent_off', terms.percent_off, found.percent_off],
      ['amount_off', terms.amount_off, found.amount_off],
      ['currency', terms.currency, terms.currency === null ? null : found.currency],
      ['duration', terms.duration, found.duration],
      ['duration_in_months', terms.duration_in_months, found.duration_in_months],
    ]);
    if (termChanges.length) {
      return {
        kind: 'coupon',
        key: coupon.id,
        status: 'conflict',
        changes: [...termChanges, '(a coupon’s terms cannot change in Stripe: give the new terms a new coupon id)'],
        stripeId: found.id,
      };
    }
    const nameChanges = differences([['name', coupon.name, found.name]]);
    return {
      kind: 'coupon',
      key: coupon.id,
      status: nameChanges.length ? 'update' : 'unchanged',
      changes: nameChanges,
      stripeId: found.id,
      apply: nameChanges.length
        ? async () => {
            await stripe.coupons.update(found.id, { name: coupon.name });
            return found.id;
          }
        : undefined,
    };
  });
}

function promotionCodeSteps(stripe: Stripe, config: BillingConfig, existing: Stripe.PromotionCode[]): PlanStep[] {
  return config.promotionCodes.map((promotion): PlanStep => {
    const candidates = existing.filter((code) => code.code.toUpperCase() === promotion.code);
    const couponOf = (code: Stripe.PromotionCode) => {
      const coupon = code.promotion.coupon;
      return typeof coupon === 'string' ? coupon : (coupon?.id ?? null);
    };
    const found = candidates.find((code) => couponOf(code) === promotion.coupon);
    if (!found) {
      const other = candidates.find((code) => code.active);
      if (other) {
        return {
          kind: 'promotion_code',
          key: promotion.code,
          status: 'conflict',
          // No stripeId: the code in Stripe is not ours, so it must not reach the catalogue.
          changes: [
            `an active code ${promotion.code} (${other.id}) applies coupon ${couponOf(other)}, not ${promotion.coupon}; deactivate it in Stripe or pick another code`,
          ],
        };
      }
      return {
        kind: 'promotion_code',
        key: promotion.code,
        status: 'create',
        changes: [`new promotion code ${promotion.code} for coupon ${promotion.coupon}`],
        apply: async (resolved) => {
          const created = await stripe.promotionCodes.create({
            code: promotion.code,
            promotion: { type: 'coupon', coupon: need(resolved, 'coupon', promotion.coupon) },
            active: promotion.active,
            metadata: { [CONFIG_KEY]: promotion.code },
          });
          return created.id;
        },
      };
    }
    const changes = differences([['active', promotion.active, found.active]]);
    return {
      kind: 'promotion_code',
      key: promotion.code,
      status: changes.length ? 'update' : 'unchanged',
      changes,
      stripeId: found.id,
      apply: changes.length
        ? async () => {
            await stripe.promotionCodes.update(found.id, { active: promotion.active });
            return found.id;
          }
        : undefined,
    };
  });
}

function emptyResolved(): ResolvedIds {
  return {
    product: new Map(),
    price: new Map(),
    coupon: new Map(),
    promotion_code: new Map(),
    portal_configuration: new Map(),
  };
}

/** Stripe takes at most 10 lookup keys per list call. */
const LOOKUP_KEYS_PER_CALL = 10;

async function listPricesByLookupKey(stripe: Stripe, lookupKeys: string[]): Promise<Stripe.Price[]> {
  const chunks: string[][] = [];
  for (let start = 0; start < lookupKeys.length; start += LOOKUP_KEYS_PER_CALL) {
    chunks.push(lookupKeys.slice(start, start + LOOKUP_KEYS_PER_CALL));
  }
  // Inactive prices too (no `active` filter): an archived price still holds its lookup key.
  const pages = await Promise.all(
    chunks.map((chunk) => listAll(stripe.prices.list({ lookup_keys: chunk, limit: 100, expand: ['data.product'] }))),
  );
  return pages.flat();
}

/** Reads what Stripe has and returns the steps that would make it match the config. */
export async function planBilling(stripe: Stripe, config: BillingConfig): Promise<PlanStep[]> {
  const lookupKeys = config.products.flatMap((product) => product.prices.map((price) => price.lookupKey));
  const [products, prices, promotionCodes, portals] = await Promise.all([
    listAll(stripe.products.list({ limit: 100 })),
    listPricesByLookupKey(stripe, lookupKeys),
    listAll(stripe.promotionCodes.list({ limit: 100 })),
    // `features.subscription_update.products` is includable: Stripe omits it unless expanded.
    listAll(stripe.billingPortal.configurations.list({ limit: 100, expand: ['data.features.subscription_update.products'] })),
  ]);
  const coupons = new Map<string, Stripe.Coupon | null>();
  await Promise.all(
    config.coupons.map(async (coupon) => {
      try {
        coupons.set(coupon.id, await stripe.coupons.retrieve(coupon.id));
      } catch (error) {
        if ((error as { code?: string }).code !== 'resource_missing') throw error;
        coupons.set(coupon.id, null);
      }
    }),
  );

  const steps = [
    ...productSteps(stripe, config, products),
    ...priceSteps(stripe, config, prices),
    ...couponSteps(stripe, config, coupons),
    ...promotionCodeSteps(stripe, config, promotionCodes),
  ];
  const known = emptyResolved();
  for (const step of steps) if (step.stripeId && step.status !== 'conflict') known[step.kind].set(step.key, step.stripeId);
  // Prices that will be replaced must not count as known for the portal comparison.
  for (const step of steps) if (step.replaces) known[step.kind].delete(step.key);
  return [...steps, ...portalSteps(stripe, config, portals, known)];
}

export interface SetupResult {
  steps: PlanStep[];
  resolved: ResolvedIds;
  /** The Stripe the catalogue now belongs to. */
  scope: StripeScope;
}

export interface ApplyOptions {
  /** The mode of the Stripe `stripe` talks to (lib/billing/scope.ts `stripeModeOf`), recorded with every id. */
  mode: StripeMode;
  onStep?: (step: PlanStep) => void;
}

/**
 * Carries out a plan in order (products, prices, coupons, promotion codes, portal
 * configurations) and records every Stripe id in our catalogue table, with the account
 * and mode it belongs to. Conflicts are left alone and reported; nothing is ever deleted
 * in Stripe. Catalogue rows of another Stripe are dropped: their ids mean nothing here.
 */
export async function applyBilling(stripe: Stripe, db: Database, config: BillingConfig, options: ApplyOptions): Promise<SetupResult> {
  const scope = await stripeScope(stripe, options.mode);
  const steps = await planBilling(stripe, config);
  const resolved = emptyResolved();
  for (const step of steps) {
    if (step.apply) {
      resolved[step.kind].set(step.key, await step.apply(resolved));
    } else if (step.stripeId) {
      resolved[step.kind].set(step.key, step.stripeId);
    }
    options.onStep?.(step);
  }
  await writeCatalog(db, config, resolved, scope);
  return { steps, resolved, scope };
}
