import type Stripe from 'stripe';
import { z } from 'zod';
import { invalidRequest, resourceMissing } from '../errors.js';
import { changedAttributes, recordEvent } from '../events.js';
import { matchesFilters } from '../list.js';
import {
  addressParam,
  createRoute,
  emptyable,
  formArray,
  inRange,
  listRoute,
  mergeMetadata,
  metadataParam,
  paginationShape,
  rangeQuery,
  retrieveRoute,
  toAddress,
  updateRoute,
} from '../params.js';
import type { EmulatorModule } from '../router.js';
import { randomString, type Store } from '../store.js';
import { attachPaymentMethod } from './payment-methods/index.js';
import { taxIdList } from './tax-ids.js';

const invoiceSettingsParam = z.strictObject({
  default_payment_method: emptyable(z.string()).optional(),
  footer: emptyable(z.string()).optional(),
});

const createSchema = z.strictObject({
  address: emptyable(addressParam).optional(),
  description: z.string().optional(),
  email: z.string().optional(),
  invoice_settings: invoiceSettingsParam.optional(),
  metadata: metadataParam().optional(),
  name: z.string().optional(),
  payment_method: z.string().optional(),
  phone: z.string().optional(),
  preferred_locales: formArray(z.string()).optional(),
});

const updateSchema = z.strictObject({
  address: emptyable(addressParam).optional(),
  description: emptyable(z.string()).optional(),
  email: emptyable(z.string()).optional(),
  invoice_settings: invoiceSettingsParam.optional(),
  metadata: metadataParam().optional(),
  name: emptyable(z.string()).optional(),
  phone: emptyable(z.string()).optional(),
  preferred_locales: formArray(z.string()).optional(),
});

const listSchema = z.strictObject({
  ...paginationShape,
  email: z.string().optional(),
  created: rangeQuery.optional(),
});

export type CustomerCreateInput = z.output<typeof createSchema>;
export type CustomerUpdateInput = z.output<typeof updateSchema>;

export function requireCustomer(store: Store, id: string, param = 'id'): Stripe.Customer {
  const customer = store.customers.get(id);
  if (!customer) throw resourceMissing('customer', id, param);
  return customer;
}

/** Creates a customer; `payment_method` is attached and, with `invoice_settings`, can be made default. */
export function createCustomer(store: Store, params: CustomerCreateInput = {}): Stripe.Customer {
  const customer: Stripe.Customer = {
    id: store.newId('cus'),
    object: 'customer',
    address: params.address ? toAddress(params.address) : null,
    balance: 0,
    created: store.now(),
    currency: null,
    default_source: null,
    delinquent: false,
    description: params.description ?? null,
    discount: null,
    email: params.email ?? null,
    invoice_prefix: randomString(8, '0123456789ABCDEF'),
    invoice_settings: {
      custom_fields: null,
      default_payment_method: null,
      footer: params.invoice_settings?.footer ?? null,
      rendering_options: null,
    },
    livemode: false,
    metadata: mergeMetadata({}, params.metadata),
    name: params.name ?? null,
    next_invoice_sequence: 1,
    phone: params.phone ?? null,
    preferred_locales: params.preferred_locales ?? [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: null,
  };
  store.customers.set(customer);
  recordEvent(store, 'customer.created', customer);

  if (params.payment_method) attachPaymentMethod(store, params.payment_method, customer.id, 'payment_method');
  const defaultPaymentMethod = params.invoice_settings?.default_payment_method;
  if (defaultPaymentMethod) setDefaultPaymentMethod(store, customer.id, defaultPaymentMethod);
  return requireCustomer(store, customer.id);
}

export function updateCustomer(store: Store, id: string, params: CustomerUpdateInput): Stripe.Customer {
  const before = requireCustomer(store, id);
  const paymentMethodId = params.invoice_settings?.default_payment_method;
  if (paymentMethodId) requireAttachedPaymentMethod(store, before, paymentMethodId, 'invoice_settings[default_payment_method]');

  const after: Stripe.Customer = {
    ...before,
    ...(params.address !== undefined && { address: params.address ? toAddress(params.address) : null }),
    ...(params.description !== undefined && { description: params.description }),
    ...(params.email !== undefined && { email: params.email }),
    ...(params.name !== undefined && { name: params.name }),
    ...(params.phone !== undefined && { phone: params.phone }),
    ...(params.preferred_locales !== undefined && { preferred_locales: params.preferred_locales }),
    metadata: mergeMetadata(before.metadata, params.metadata),
    invoice_settings: {
      ...before.invoice_settings,
      ...(paymentMethodId !== undefined && { default_payment_method: paymentMethodId }),
      ...(params.invoice_settings?.footer !== undefined && { footer: params.invoice_settings.footer }),
    },
  };
  return saveCustomer(store, before, after);
}

/**
 * Makes an attached payment method the customer's default for invoices
 * (`invoice_settings.default_payment_method`), as the portal's "Update card" flow does.
 */
export function setDefaultPaymentMethod(store: Store, customerId: string, paymentMethodId: string | null): Stripe.Customer {
  const before = requireCustomer(store, customerId);
  if (paymentMethodId) {
    requireAttachedPaymentMethod(store, before, paymentMethodId, 'invoice_settings[default_payment_method]');
  }
  return saveCustomer(store, before, {
    ...before,
    invoice_settings: { ...before.invoice_settings, default_payment_method: paymentMethodId },
  });
}

/** Stores a changed customer and records `customer.updated` when anything changed. */
export function saveCustomer(store: Store, before: Stripe.Customer, after: Stripe.Customer): Stripe.Customer {
  const previous = changedAttributes(before, after);
  if (!previous) return before;
  store.customers.set(after);
  recordEvent(store, 'customer.updated', after, previous);
  return after;
}

function requireAttachedPaymentMethod(
  store: Store,
  customer: Stripe.Customer,
  paymentMethodId: string,
  param: string,
): Stripe.PaymentMethod {
  const paymentMethod = store.payment_methods.get(paymentMethodId);
  if (!paymentMethod || paymentMethod.customer !== customer.id) {
    throw invalidRequest(
      `The customer does not have a payment method with the ID ${paymentMethodId}. The payment method must be attached to the customer.`,
      param,
      'resource_missing',
    );
  }
  return paymentMethod;
}

export const customersModule: EmulatorModule = {
  name: 'customers',
  apiRoutes: [
    createRoute('/v1/customers', createSchema, createCustomer),
    listRoute('/v1/customers', listSchema, 'customer', (store, params) =>
      store.customers.filter((customer) => matchesFilters(params, { email: customer.email }) && inRange(customer.created, params.created)),
    ),
    retrieveRoute(
      '/v1/customers/:id',
      (store, id) => requireCustomer(store, id),
      // `tax_ids` is includable: returned only when expanded.
      (customer, { store, expand }) => (expand.includes('tax_ids') ? { ...customer, tax_ids: taxIdList(store, customer.id) } : customer),
    ),
    updateRoute('/v1/customers/:id', updateSchema, updateCustomer),
  ],
  resolve: (store, id) => (id.startsWith('cus_') ? store.customers.get(id) : undefined),
};
