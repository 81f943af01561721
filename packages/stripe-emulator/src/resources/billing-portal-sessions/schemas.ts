import { z } from 'zod';
import { formArray, formInt } from '../../params.js';
import { PORTAL_LOCALES } from '../locales.js';

// The parameters of `POST /v1/billing_portal/sessions`.

const FLOW_TYPES = [
  'customer_update',
  'payment_method_update',
  'subscription_cancel',
  'subscription_pause',
  'subscription_update',
  'subscription_update_confirm',
] as const;

export const MAX_CUSTOM_MESSAGE = 500;

const flowDataSchema = z.strictObject({
  type: z.enum(FLOW_TYPES),
  after_completion: z
    .strictObject({
      type: z.enum(['hosted_confirmation', 'portal_homepage', 'redirect']),
      hosted_confirmation: z.strictObject({ custom_message: z.string().optional() }).optional(),
      redirect: z.strictObject({ return_url: z.string() }).optional(),
    })
    .optional(),
  subscription_cancel: z
    .strictObject({
      subscription: z.string(),
      retention: z.strictObject({ type: z.enum(['coupon_offer']), coupon_offer: z.strictObject({ coupon: z.string() }) }).optional(),
    })
    .optional(),
  subscription_pause: z.strictObject({ subscription: z.string() }).optional(),
  subscription_update: z.strictObject({ subscription: z.string() }).optional(),
  subscription_update_confirm: z
    .strictObject({
      subscription: z.string(),
      items: formArray(
        z.strictObject({
          id: z.string(),
          price: z.string().optional(),
          quantity: formInt(z.number().int().min(0)).optional(),
        }),
      ),
      discounts: formArray(z.strictObject({ coupon: z.string().optional(), promotion_code: z.string().optional() })).optional(),
    })
    .optional(),
});

export const createSchema = z.strictObject({
  customer: z.string().optional(),
  configuration: z.string().optional(),
  flow_data: flowDataSchema.optional(),
  locale: z.enum(PORTAL_LOCALES).optional(),
  return_url: z.string().optional(),
  after_expiration: z
    .strictObject({
      type: z.enum(['customer_login']),
      customer_login: z.strictObject({ expires_at: formInt().optional() }).optional(),
    })
    .optional(),
  // Known to Stripe, refused below with a clear reason rather than as unknown parameters.
  on_behalf_of: z.unknown().optional(),
  customer_account: z.unknown().optional(),
});

export type FlowData = z.output<typeof flowDataSchema>;
export type PortalSessionCreateInput = z.output<typeof createSchema>;
