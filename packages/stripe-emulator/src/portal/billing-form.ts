import type Stripe from 'stripe';
import { isTaxIdType, normaliseTaxId, TAX_ID_TYPES, type TaxIdTypeName } from '../resources/tax-ids.js';
import type { Messages } from './i18n/index.js';

/**
 * The billing-information form of the portal (`customer_update`): only the fields the
 * configuration's `allowed_updates` lists, checked as Stripe's form checks them before saving
 * (an e-mail address that looks like one, a phone number of digits, an address with a first line
 * and a country, a tax ID in its type's format).
 */

export type BillingField = 'name' | 'email' | 'phone' | 'line1' | 'country' | 'tax_id_value';

export interface BillingFormValues {
  readonly name: string;
  readonly email: string;
  readonly phone: string;
  readonly line1: string;
  readonly line2: string;
  readonly city: string;
  readonly postal_code: string;
  readonly state: string;
  readonly country: string;
  readonly tax_id_type: string;
  readonly tax_id_value: string;
}

/** What a valid form changes: customer params for the fields shown, and a tax ID to add. */
export interface BillingUpdate {
  readonly customer: {
    name?: string | null;
    email?: string | null;
    phone?: string | null;
    address?: { line1: string; line2?: string; city?: string; postal_code?: string; state?: string; country: string } | null;
  };
  readonly taxId: { type: TaxIdTypeName; value: string } | null;
}

export type BillingFormResult =
  { readonly ok: true; readonly update: BillingUpdate } | { readonly ok: false; readonly errors: Partial<Record<BillingField, string>> };

type Allowed = readonly string[];

/** The countries the form offers (ISO 3166-1 alpha-2), as Stripe's address element lists them. */
export const COUNTRIES = [
  'AT',
  'AU',
  'BE',
  'BG',
  'BR',
  'CA',
  'CH',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'ES',
  'FI',
  'FR',
  'GB',
  'GR',
  'HR',
  'HU',
  'IE',
  'IN',
  'IT',
  'JP',
  'LT',
  'LU',
  'LV',
  'MT',
  'MX',
  'NL',
  'NO',
  'NZ',
  'PL',
  'PT',
  'RO',
  'SE',
  'SG',
  'SI',
  'SK',
  'US',
] as const;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
const PHONE = /^\+?[0-9 ().-]{6,20}$/;

function text(form: Readonly<Record<string, unknown>>, key: string): string {
  const value = form[key];
  return typeof value === 'string' ? value.trim() : '';
}

export function billingFormValues(form: Readonly<Record<string, unknown>>): BillingFormValues {
  return {
    name: text(form, 'name'),
    email: text(form, 'email'),
    phone: text(form, 'phone'),
    line1: text(form, 'line1'),
    line2: text(form, 'line2'),
    city: text(form, 'city'),
    postal_code: text(form, 'postal_code'),
    state: text(form, 'state'),
    country: text(form, 'country').toUpperCase(),
    tax_id_type: text(form, 'tax_id_type'),
    tax_id_value: text(form, 'tax_id_value'),
  };
}

/** The form's starting values: what the customer holds now. */
export function valuesOf(customer: Stripe.Customer): BillingFormValues {
  const address = customer.address;
  return {
    name: customer.name ?? '',
    email: customer.email ?? '',
    phone: customer.phone ?? '',
    line1: address?.line1 ?? '',
    line2: address?.line2 ?? '',
    city: address?.city ?? '',
    postal_code: address?.postal_code ?? '',
    state: address?.state ?? '',
    country: address?.country ?? '',
    tax_id_type: 'eu_vat',
    tax_id_value: '',
  };
}

export function readBillingForm(values: BillingFormValues, allowed: Allowed, t: Messages): BillingFormResult {
  const errors: Partial<Record<BillingField, string>> = {};
  const customer: BillingUpdate['customer'] = {};
  if (allowed.includes('name')) {
    if (values.name.length > 256) errors.name = t.nameTooLong;
    else customer.name = values.name || null;
  }
  if (allowed.includes('email')) {
    if (!values.email) errors.email = t.emailRequired;
    else if (!EMAIL.test(values.email)) errors.email = t.emailInvalid;
    else customer.email = values.email;
  }
  if (allowed.includes('phone')) {
    if (values.phone && !PHONE.test(values.phone)) errors.phone = t.phoneInvalid;
    else customer.phone = values.phone || null;
  }
  if (allowed.includes('address')) {
    const { line1, line2, city, postal_code, state, country } = values;
    const any = [line1, line2, city, postal_code, state, country].some(Boolean);
    if (any && !line1) errors.line1 = t.addressLine1Required;
    if (any && !(COUNTRIES as readonly string[]).includes(country)) errors.country = t.countryRequired;
    if (!errors.line1 && !errors.country) {
      customer.address = any
        ? {
            line1,
            country,
            ...(line2 && { line2 }),
            ...(city && { city }),
            ...(postal_code && { postal_code }),
            ...(state && { state }),
          }
        : null;
    }
  }
  let taxId: BillingUpdate['taxId'] = null;
  if (allowed.includes('tax_id') && values.tax_id_value) {
    const type = values.tax_id_type;
    if (!isTaxIdType(type)) {
      errors.tax_id_value = t.taxIdInvalid(type);
    } else {
      const value = normaliseTaxId(type, values.tax_id_value);
      if (TAX_ID_TYPES[type].pattern.test(value)) taxId = { type, value };
      else errors.tax_id_value = t.taxIdInvalid(t.taxIdTypes[type] ?? type);
    }
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, update: { customer, taxId } };
}
