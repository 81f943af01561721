import type Stripe from 'stripe';
import { z } from 'zod';
import { invalidRequest, parameterMissing, resourceMissing } from '../errors.js';
import { changedAttributes, recordEvent } from '../events.js';
import { matchesFilters } from '../list.js';
import {
  createRoute,
  emptyable,
  formArray,
  formBool,
  formInt,
  inRange,
  listRoute,
  mergeMetadata,
  metadataParam,
  paginationShape,
  rangeQuery,
  recurringParam,
  retrieveRoute,
  updateRoute,
} from '../params.js';
import type { EmulatorModule } from '../router.js';
import type { Store } from '../store.js';
import { decimal } from './amounts.js';
import { createProduct, requireProduct } from './products.js';

const createSchema = z.strictObject({
  currency: z.string(),
  product: z.string().optional(),
  product_data: z
    .strictObject({
      name: z.string(),
      active: formBool().optional(),
      metadata: metadataParam().optional(),
      statement_descriptor: z.string().optional(),
      unit_label: z.string().optional(),
    })
    .optional(),
  unit_amount: formInt(z.number().int().min(0)).optional(),
  unit_amount_decimal: z
    .string()
    .regex(/^\d+(\.\d+)?$/)
    .optional(),
  recurring: recurringParam.optional(),
  active: formBool().optional(),
  lookup_key: z.string().max(200).optional(),
  transfer_lookup_key: formBool().optional(),
  nickname: z.string().optional(),
  metadata: metadataParam().optional(),
  tax_behavior: z.enum(['exclusive', 'inclusive', 'unspecified']).optional(),
  billing_scheme: z.enum(['per_unit']).optional(),
});

const updateSchema = z.strictObject({
  active: formBool().optional(),
  lookup_key: emptyable(z.string().max(200)).optional(),
  transfer_lookup_key: formBool().optional(),
  nickname: emptyable(z.string()).optional(),
  metadata: metadataParam().optional(),
  tax_behavior: z.enum(['exclusive', 'inclusive', 'unspecified']).optional(),
});

const listSchema = z.strictObject({
  ...paginationShape,
  active: formBool().optional(),
  currency: z.string().optional(),
  product: z.string().optional(),
  type: z.enum(['one_time', 'recurring']).optional(),
  lookup_keys: formArray(z.string()).optional(),
  recurring: z
    .strictObject({ interval: z.enum(['day', 'week', 'month', 'year']).optional(), usage_type: z.enum(['licensed', 'metered']).optional() })
    .optional(),
  created: rangeQuery.optional(),
});

export type PriceCreateInput = z.output<typeof createSchema>;
type PriceUpdateInput = z.output<typeof updateSchema>;

export function requirePrice(store: Store, id: string, param = 'price'): Stripe.Price {
  const price = store.prices.get(id);
  if (!price) throw resourceMissing('price', id, param);
  return price;
}

/**
 * Lookup keys are unique among prices. Without `transfer_lookup_key` a taken key is an error; with
 * it the key moves to the new price and the old one is updated (`price.updated`).
 */
function claimLookupKey(store: Store, lookupKey: string, transfer: boolean, claimant: string | null): void {
  const holder = store.prices.find((price) => price.lookup_key === lookupKey && price.id !== claimant);
  if (!holder) return;
  if (!transfer) {
    throw invalidRequest(`A price (\`${holder.id}\`) already uses that lookup key.`, 'lookup_key');
  }
  const released = { ...holder, lookup_key: null };
  store.prices.set(released);
  recordEvent(store, 'price.updated', released, { lookup_key: lookupKey });
}

export function createPrice(store: Store, params: PriceCreateInput): Stripe.Price {
  if (params.product !== undefined && params.product_data !== undefined) {
    throw invalidRequest('You may only specify one of these parameters: product, product_data.', 'product');
  }
  const unitAmount = params.unit_amount ?? (params.unit_amount_decimal !== undefined ? Number(params.unit_amount_decimal) : undefined);
  if (unitAmount === undefined) throw parameterMissing('unit_amount');
  let productId: string;
  if (params.product !== undefined) productId = requireProduct(store, params.product, 'product').id;
  else if (params.product_data !== undefined) productId = createProduct(store, params.product_data).id;
  else throw invalidRequest('You must specify either `product` or `product_data` when creating a price.', 'product');
  if (params.lookup_key !== undefined) claimLookupKey(store, params.lookup_key, params.transfer_lookup_key ?? false, null);

  const recurring = params.recurring;
  const price: Stripe.Price = {
    id: store.newId('price'),
    object: 'price',
    active: params.active ?? true,
    billing_scheme: 'per_unit',
    created: store.now(),
    currency: params.currency.toLowerCase(),
    custom_unit_amount: null,
    livemode: false,
    lookup_key: params.lookup_key ?? null,
    metadata: mergeMetadata({}, params.metadata),
    nickname: params.nickname ?? null,
    product: productId,
    recurring: recurring
      ? {
          interval: recurring.interval,
          interval_count: recurring.interval_count ?? 1,
          meter: null,
          trial_period_days: recurring.trial_period_days ?? null,
          usage_type: 'licensed',
        }
      : null,
    tax_behavior: params.tax_behavior ?? 'unspecified',
    tiers_mode: null,
    transform_quantity: null,
    type: recurring ? 'recurring' : 'one_time',
    unit_amount: Math.round(unitAmount),
    unit_amount_decimal: decimal(params.unit_amount_decimal ?? String(unitAmount)),
  };
  store.prices.set(price);
  recordEvent(store, 'price.created', price);
  return price;
}

function updatePrice(store: Store, id: string, params: PriceUpdateInput): Stripe.Price {
  const before = requirePrice(store, id, 'id');
  if (params.lookup_key) claimLookupKey(store, params.lookup_key, params.transfer_lookup_key ?? false, id);
  const after: Stripe.Price = {
    ...before,
    ...(params.active !== undefined && { active: params.active }),
    ...(params.lookup_key !== undefined && { lookup_key: params.lookup_key }),
    ...(params.nickname !== undefined && { nickname: params.nickname }),
    ...(params.tax_behavior !== undefined && { tax_behavior: params.tax_behavior }),
    metadata: mergeMetadata(before.metadata, params.metadata),
  };
  const previous = changedAttributes(before, after);
  if (!previous) return before;
  store.prices.set(after);
  recordEvent(store, 'price.updated', after, previous);
  return after;
}

/** The legacy `plan` that subscription items still carry, derived from a recurring price. */
export function planFromPrice(price: Stripe.Price): Stripe.Plan {
  return {
    id: price.id,
    object: 'plan',
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal,
    billing_scheme: price.billing_scheme,
    created: price.created,
    currency: price.currency,
    interval: price.recurring?.interval ?? 'month',
    interval_count: price.recurring?.interval_count ?? 1,
    livemode: false,
    metadata: price.metadata,
    meter: null,
    nickname: price.nickname,
    product: price.product,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: price.recurring?.trial_period_days ?? null,
    usage_type: 'licensed',
  };
}

function pricesMatching(store: Store, params: z.output<typeof listSchema>): Stripe.Price[] {
  return store.prices.filter(
    (price) =>
      matchesFilters(params, { active: price.active, product: price.product, type: price.type }) &&
      matchesFilters({ ...params.recurring }, { interval: price.recurring?.interval, usage_type: price.recurring?.usage_type }) &&
      (params.currency === undefined || price.currency === params.currency.toLowerCase()) &&
      (params.lookup_keys === undefined || (price.lookup_key !== null && params.lookup_keys.includes(price.lookup_key))) &&
      inRange(price.created, params.created),
  );
}

export const pricesModule: EmulatorModule = {
  name: 'prices',
  apiRoutes: [
    createRoute('/v1/prices', createSchema, createPrice),
    listRoute('/v1/prices', listSchema, 'price', pricesMatching),
    retrieveRoute('/v1/prices/:id', (store, id) => requirePrice(store, id, 'id')),
    updateRoute('/v1/prices/:id', updateSchema, updatePrice),
  ],
  resolve: (store, id) => (id.startsWith('price_') ? store.prices.get(id) : undefined),
};
