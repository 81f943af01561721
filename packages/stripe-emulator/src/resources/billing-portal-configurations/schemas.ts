import type Stripe from 'stripe';
import { z } from 'zod';
import { emptyable, formArray, formBool, formInt, metadataParam, paginationShape } from '../../params.js';
import { feedbackValues } from '../subscriptions/schemas.js';

// The parameters of the `/v1/billing_portal/configurations` endpoints.

export type PortalProduct = Stripe.BillingPortal.Configuration.Features.SubscriptionUpdate.Product;

const cancellationReasons = z.enum(feedbackValues);
const customerUpdates = z.enum(['address', 'email', 'name', 'phone', 'shipping', 'tax_id']);
const subscriptionUpdates = z.enum(['price', 'promotion_code', 'quantity']);
const prorationBehavior = z.enum(['always_invoice', 'create_prorations', 'none']);

export const productParam = z.strictObject({
  product: z.string(),
  prices: formArray(z.string()),
  adjustable_quantity: z
    .strictObject({
      enabled: formBool(),
      maximum: formInt(z.number().int().min(1)).optional(),
      minimum: formInt(z.number().int().min(0)).optional(),
    })
    .optional(),
});

export const pauseParam = z.strictObject({
  enabled: formBool().optional(),
  duration: z
    .strictObject({
      type: z.enum(['indefinite', 'interval_options']),
      interval_options: emptyable(
        formArray(
          z.strictObject({
            interval: z.enum(['day', 'week', 'month', 'year']),
            interval_count: formInt(z.number().int().min(1)).optional(),
          }),
        ),
      ).optional(),
    })
    .optional(),
});

/** The feature params. Create requires each given feature's `enabled` (and reason `options`); update does not. */
function featuresParam(mode: 'create' | 'update') {
  const enabled = mode === 'create' ? formBool() : formBool().optional();
  const reasonOptions = emptyable(formArray(cancellationReasons));
  return z.strictObject({
    customer_update: z.strictObject({ enabled, allowed_updates: emptyable(formArray(customerUpdates)).optional() }).optional(),
    invoice_history: z.strictObject({ enabled: formBool() }).optional(),
    payment_method_update: z
      .strictObject({ enabled: formBool(), payment_method_configuration: emptyable(z.string()).optional() })
      .optional(),
    subscription_cancel: z
      .strictObject({
        enabled,
        mode: z.enum(['at_period_end', 'immediately']).optional(),
        proration_behavior: prorationBehavior.optional(),
        cancellation_reason: z
          .strictObject({
            enabled: formBool(),
            options: mode === 'create' ? reasonOptions : reasonOptions.optional(),
          })
          .optional(),
      })
      .optional(),
    subscription_pause: pauseParam.optional(),
    subscription_update: z
      .strictObject({
        enabled,
        default_allowed_updates: emptyable(formArray(subscriptionUpdates)).optional(),
        products: emptyable(formArray(productParam)).optional(),
        proration_behavior: prorationBehavior.optional(),
        billing_cycle_anchor: z.enum(['now', 'unchanged']).optional(),
        trial_update_behavior: z.enum(['continue_trial', 'end_trial']).optional(),
        schedule_at_period_end: z
          .strictObject({
            conditions: emptyable(
              formArray(z.strictObject({ type: z.enum(['decreasing_item_amount', 'shortening_interval']) })),
            ).optional(),
          })
          .optional(),
      })
      .optional(),
  });
}

const businessProfileShape = {
  headline: emptyable(z.string().max(60)).optional(),
  privacy_policy_url: emptyable(z.string()).optional(),
  terms_of_service_url: emptyable(z.string()).optional(),
};

/** What a create and an update both take; only an update sets `active`, and a create requires `features`. */
const settingsShape = {
  business_profile: z.strictObject(businessProfileShape).optional(),
  default_return_url: emptyable(z.string()).optional(),
  login_page: z.strictObject({ enabled: formBool() }).optional(),
  metadata: metadataParam().optional(),
  name: emptyable(z.string()).optional(),
};

export const createSchema = z.strictObject({ features: featuresParam('create'), ...settingsShape });

export const updateSchema = z.strictObject({
  active: formBool().optional(),
  features: featuresParam('update').optional(),
  ...settingsShape,
});

export const listSchema = z.strictObject({
  ...paginationShape,
  active: formBool().optional(),
  is_default: formBool().optional(),
});

export type FeaturesInput = NonNullable<z.output<typeof updateSchema>['features']>;
export type ConfigurationCreateInput = z.output<typeof createSchema>;
export type ConfigurationUpdateInput = z.output<typeof updateSchema>;
