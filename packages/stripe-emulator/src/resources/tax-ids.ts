import type Stripe from 'stripe';
import { z } from 'zod';
import { invalidParam, resourceMissing } from '../errors.js';
import { recordEvent } from '../events.js';
import { listObject, newestFirst } from '../list.js';
import { noParams, paginationShape, parseParams } from '../params.js';
import { pathParam, type EmulatorModule } from '../router.js';
import type { Store } from '../store.js';
import { requireCustomer } from './customers.js';

/**
 * A customer's tax IDs (`/v1/customers/:id/tax_ids`), which the portal's billing-details page lets
 * a customer add and remove when `customer_update.allowed_updates` includes `tax_id`. A handful of
 * Stripe's types are emulated, each checked against the format Stripe documents for it; Stripe's
 * other types are refused as not emulated.
 */

interface TaxIdType {
  /** The country the ID belongs to; `null` when it comes from the value's prefix (EU VAT). */
  readonly country: string | null;
  readonly pattern: RegExp;
  /** Whether Stripe verifies this type with a government service (`verification.status`). */
  readonly verified: boolean;
}

/** The emulated types and the formats Stripe documents for them (e.g. `DE123456789`, `12-3456789`). */
export const TAX_ID_TYPES = {
  eu_vat: {
    country: null,
    pattern: /^(AT|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK|XI)[A-Z0-9+*]{8,12}$/,
    verified: true,
  },
  gb_vat: { country: 'GB', pattern: /^GB(\d{9}|\d{12})$/, verified: true },
  us_ein: { country: 'US', pattern: /^\d{2}-\d{7}$/, verified: false },
  ca_bn: { country: 'CA', pattern: /^\d{9}$/, verified: false },
  au_abn: { country: 'AU', pattern: /^\d{11}$/, verified: true },
  ch_vat: { country: 'CH', pattern: /^CHE-\d{3}\.\d{3}\.\d{3} (MWST|TVA|IVA)$/, verified: false },
  no_vat: { country: 'NO', pattern: /^\d{9}MVA$/, verified: false },
} as const satisfies Record<string, TaxIdType>;

export type TaxIdTypeName = keyof typeof TAX_ID_TYPES;
export const TAX_ID_TYPE_NAMES = Object.keys(TAX_ID_TYPES) as TaxIdTypeName[];

const createSchema = z.strictObject({ type: z.string(), value: z.string() });
const listSchema = z.strictObject({ ...paginationShape });

export function isTaxIdType(type: string): type is TaxIdTypeName {
  return Object.hasOwn(TAX_ID_TYPES, type);
}

/** `DE 123 456 789` and `de123456789` are the same VAT number; Stripe keeps it as typed otherwise. */
export function normaliseTaxId(type: TaxIdTypeName, value: string): string {
  const trimmed = value.trim();
  return type === 'eu_vat' || type === 'gb_vat' ? trimmed.replace(/[\s.-]/g, '').toUpperCase() : trimmed;
}

/** Adds a tax ID to a customer; a value that does not fit its type is Stripe's `tax_id_invalid`. */
export function createTaxId(store: Store, customerId: string, input: { type: string; value: string }): Stripe.TaxId {
  const customer = requireCustomer(store, customerId, 'customer');
  if (!isTaxIdType(input.type)) {
    throw invalidParam(
      `The local Stripe emulator does not support tax ID type \`${input.type}\`; it supports ${TAX_ID_TYPE_NAMES.join(', ')}.`,
      'type',
    );
  }
  const spec: TaxIdType = TAX_ID_TYPES[input.type];
  const value = normaliseTaxId(input.type, input.value);
  if (!spec.pattern.test(value)) throw invalidParam(`Invalid value for ${input.type}.`, 'value', 'tax_id_invalid');
  const taxId: Stripe.TaxId = {
    id: store.newId('txi'),
    object: 'tax_id',
    country: spec.country ?? (value.startsWith('EL') ? 'GR' : value.slice(0, 2)),
    created: store.now(),
    customer: customer.id,
    customer_account: null,
    livemode: false,
    owner: { customer: customer.id, customer_account: null, type: 'customer' } as Stripe.TaxId.Owner,
    type: input.type,
    value,
    verification: { status: spec.verified ? 'pending' : 'unavailable', verified_address: null, verified_name: null },
  };
  store.tax_ids.set(taxId);
  recordEvent(store, 'customer.tax_id.created', taxId);
  return taxId;
}

/** The customer's tax IDs, oldest first. */
export function taxIdsOf(store: Store, customerId: string): Stripe.TaxId[] {
  return store.tax_ids.filter((taxId) => taxId.customer === customerId);
}

function requireTaxId(store: Store, customerId: string, id: string): Stripe.TaxId {
  const taxId = store.tax_ids.get(id);
  if (!taxId || taxId.customer !== customerId) throw resourceMissing('tax_id', id, 'id');
  return taxId;
}

export function deleteTaxId(store: Store, customerId: string, id: string): Stripe.DeletedTaxId {
  const taxId = requireTaxId(store, customerId, id);
  store.tax_ids.delete(id);
  recordEvent(store, 'customer.tax_id.deleted', taxId);
  return { id, object: 'tax_id', deleted: true };
}

/** `tax_ids` as the includable list on a customer (`expand[]=tax_ids`). */
export function taxIdList(store: Store, customerId: string): Stripe.ApiList<Stripe.TaxId> {
  return listObject(newestFirst(taxIdsOf(store, customerId)), { limit: 100 }, `/v1/customers/${customerId}/tax_ids`, 'tax_id');
}

export const taxIdsModule: EmulatorModule = {
  name: 'tax_ids',
  apiRoutes: [
    {
      method: 'POST',
      path: '/v1/customers/:id/tax_ids',
      handler: (request) => createTaxId(request.store, pathParam(request, 'id'), parseParams(createSchema, request.params)),
    },
    {
      method: 'GET',
      path: '/v1/customers/:id/tax_ids',
      handler: (request) => {
        const customer = requireCustomer(request.store, pathParam(request, 'id'), 'customer');
        const params = parseParams(listSchema, request.params);
        return listObject(newestFirst(taxIdsOf(request.store, customer.id)), params, `/v1/customers/${customer.id}/tax_ids`, 'tax_id');
      },
    },
    {
      method: 'GET',
      path: '/v1/customers/:id/tax_ids/:tax_id',
      handler: (request) => {
        parseParams(noParams, request.params);
        return requireTaxId(request.store, pathParam(request, 'id'), pathParam(request, 'tax_id'));
      },
    },
    {
      method: 'DELETE',
      path: '/v1/customers/:id/tax_ids/:tax_id',
      handler: (request) => {
        parseParams(noParams, request.params);
        return deleteTaxId(request.store, pathParam(request, 'id'), pathParam(request, 'tax_id'));
      },
    },
  ],
  resolve: (store, id) => (id.startsWith('txi_') ? store.tax_ids.get(id) : undefined),
};
