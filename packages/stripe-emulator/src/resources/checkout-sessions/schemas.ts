import { z } from 'zod';
import { formArray, formBool, formInt, metadataParam, paginationShape, rangeQuery } from '../../params.js';
import { CHECKOUT_LOCALES } from '../locales.js';

// The parameters of the `/v1/checkout/sessions` endpoints.

/** Sessions expire after 24 hours unless `expires_at` says sooner (at least 30 minutes). */
export const DEFAULT_LIFETIME = 24 * 3600;
export const MIN_LIFETIME = 30 * 60;

export const lineItemParam = z.strictObject({
  price: z.string().optional(),
  quantity: formInt(z.number().int().min(1)).optional(),
  price_data: z.unknown().optional(),
  adjustable_quantity: z.unknown().optional(),
  tax_rates: z.unknown().optional(),
  metadata: metadataParam().optional(),
});

export const createSchema = z.strictObject({
  mode: z.enum(['payment', 'setup', 'subscription']).optional(),
  line_items: formArray(lineItemParam).optional(),
  success_url: z.string().optional(),
  cancel_url: z.string().optional(),
  customer: z.string().optional(),
  customer_email: z.string().optional(),
  client_reference_id: z.string().max(200).optional(),
  metadata: metadataParam().optional(),
  locale: z.enum(CHECKOUT_LOCALES).optional(),
  allow_promotion_codes: formBool().optional(),
  discounts: formArray(z.strictObject({ coupon: z.string().optional(), promotion_code: z.string().optional() })).optional(),
  expires_at: formInt().optional(),
  payment_method_types: formArray(z.enum(['card'])).optional(),
  payment_method_collection: z.enum(['always', 'if_required']).optional(),
  subscription_data: z
    .strictObject({
      metadata: metadataParam().optional(),
      trial_period_days: formInt(z.number().int().min(1).max(730)).optional(),
      trial_settings: z
        .strictObject({
          end_behavior: z.strictObject({ missing_payment_method: z.enum(['cancel', 'create_invoice', 'pause']) }),
        })
        .optional(),
      description: z.string().optional(),
    })
    .optional(),
});

export const listSchema = z.strictObject({
  ...paginationShape,
  customer: z.string().optional(),
  status: z.enum(['complete', 'expired', 'open']).optional(),
  subscription: z.string().optional(),
  created: rangeQuery.optional(),
});

export const lineItemsListSchema = z.strictObject({ ...paginationShape });

export type CheckoutSessionCreateInput = z.output<typeof createSchema>;
