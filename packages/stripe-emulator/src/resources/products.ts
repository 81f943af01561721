import type Stripe from 'stripe';
import { z } from 'zod';
import { invalidRequest, resourceMissing } from '../errors.js';
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
import { createPrice } from './prices.js';

/**
 * The stored product. Stripe's fixture for `product` has no `tax_details`, which the SDK's type
 * declares, and the fixture is the shape the emulator follows.
 */
type ProductRecord = Omit<Stripe.Product, 'tax_details'>;

const createSchema = z.strictObject({
  id: z.string().optional(),
  name: z.string(),
  active: formBool().optional(),
  description: z.string().optional(),
  images: formArray(z.string()).optional(),
  metadata: metadataParam().optional(),
  statement_descriptor: z.string().optional(),
  unit_label: z.string().optional(),
  url: z.string().optional(),
  default_price_data: z
    .strictObject({
      currency: z.string(),
      unit_amount: formInt().optional(),
      recurring: recurringParam.optional(),
      tax_behavior: z.enum(['exclusive', 'inclusive', 'unspecified']).optional(),
    })
    .optional(),
});

const updateSchema = z.strictObject({
  name: z.string().optional(),
  active: formBool().optional(),
  default_price: z.string().optional(),
  description: emptyable(z.string()).optional(),
  images: emptyable(formArray(z.string())).optional(),
  metadata: metadataParam().optional(),
  statement_descriptor: z.string().optional(),
  unit_label: emptyable(z.string()).optional(),
  url: emptyable(z.string()).optional(),
});

const listSchema = z.strictObject({
  ...paginationShape,
  active: formBool().optional(),
  ids: formArray(z.string()).optional(),
  created: rangeQuery.optional(),
});

export type ProductCreateInput = z.output<typeof createSchema>;

export function requireProduct(store: Store, id: string, param = 'id'): Stripe.Product {
  const product = store.products.get(id);
  if (!product) throw resourceMissing('product', id, param);
  return product;
}

export function createProduct(store: Store, params: ProductCreateInput): Stripe.Product {
  if (params.id !== undefined && store.products.has(params.id)) {
    throw invalidRequest(`Product already exists.`, 'id', 'resource_already_exists');
  }
  const now = store.now();
  const record: ProductRecord = {
    id: params.id ?? store.newId('prod'),
    object: 'product',
    active: params.active ?? true,
    created: now,
    default_price: null,
    description: params.description ?? null,
    images: params.images ?? [],
    livemode: false,
    marketing_features: [],
    metadata: mergeMetadata({}, params.metadata),
    name: params.name,
    package_dimensions: null,
    shippable: null,
    statement_descriptor: params.statement_descriptor ?? null,
    tax_code: null,
    type: 'service',
    unit_label: params.unit_label ?? null,
    updated: now,
    url: params.url ?? null,
  };
  let product = record as Stripe.Product;
  store.products.set(product);
  // The default price needs the product to exist; the product is announced once it points at it.
  if (params.default_price_data) {
    const price = createPrice(store, { ...params.default_price_data, product: product.id });
    product = { ...product, default_price: price.id };
    store.products.set(product);
  }
  recordEvent(store, 'product.created', product);
  return product;
}

function updateProduct(store: Store, id: string, params: z.output<typeof updateSchema>): Stripe.Product {
  const before = requireProduct(store, id);
  if (params.default_price !== undefined) {
    const price = store.prices.get(params.default_price);
    if (!price || price.product !== id) {
      throw resourceMissing('price', params.default_price, 'default_price');
    }
  }
  const after: Stripe.Product = {
    ...before,
    ...(params.name !== undefined && { name: params.name }),
    ...(params.active !== undefined && { active: params.active }),
    ...(params.default_price !== undefined && { default_price: params.default_price }),
    ...(params.description !== undefined && { description: params.description }),
    ...(params.images !== undefined && { images: params.images ?? [] }),
    ...(params.statement_descriptor !== undefined && { statement_descriptor: params.statement_descriptor }),
    ...(params.unit_label !== undefined && { unit_label: params.unit_label }),
    ...(params.url !== undefined && { url: params.url }),
    metadata: mergeMetadata(before.metadata, params.metadata),
  };
  const previous = changedAttributes(before, after);
  if (!previous) return before;
  const updated = { ...after, updated: store.now() };
  store.products.set(updated);
  recordEvent(store, 'product.updated', updated, previous);
  return updated;
}

export const productsModule: EmulatorModule = {
  name: 'products',
  apiRoutes: [
    createRoute('/v1/products', createSchema, createProduct),
    listRoute('/v1/products', listSchema, 'product', (store, params) =>
      store.products.filter(
        (product) =>
          matchesFilters(params, { active: product.active }) &&
          (params.ids === undefined || params.ids.includes(product.id)) &&
          inRange(product.created, params.created),
      ),
    ),
    retrieveRoute('/v1/products/:id', requireProduct),
    updateRoute('/v1/products/:id', updateSchema, updateProduct),
  ],
  // Product ids may be chosen by the caller, so any id can be a product's.
  resolve: (store, id) => store.products.get(id),
};
