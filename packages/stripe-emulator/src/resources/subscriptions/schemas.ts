import { z } from 'zod';
import { emptyable, formArray, formBool, formInt, metadataParam, paginationShape, rangeQuery } from '../../params.js';
import { discountParam } from '../discounts.js';

// The parameters of the subscription endpoints and of `POST /v1/invoices/create_preview`.

/** Stripe's cancellation reasons: a subscription's `cancellation_details.feedback`, a portal's cancel options. */
export const feedbackValues = [
  'customer_service',
  'low_quality',
  'missing_features',
  'other',
  'switched_service',
  'too_complex',
  'too_expensive',
  'unused',
] as const;

const prorationBehavior = z.enum(['create_prorations', 'none', 'always_invoice']);
// Since API version 2026-09-30.endive an anchor change is an object, `billing_cycle_anchor[type]=now`;
// the old string form is refused ("Invalid object"). Invoice previews also take `type: 'timestamp'`
// with a `timestamp`, which the emulator does not model: that type is refused as an invalid value.
const billingCycleAnchorChange = z.strictObject({ type: z.enum(['now', 'unchanged']) });
const previewBillingCycleAnchor = billingCycleAnchorChange.extend({ timestamp: formInt().optional() });
const paymentBehavior = z.enum(['allow_incomplete', 'default_incomplete', 'error_if_incomplete']);
const trialEnd = z.union([z.literal('now'), formInt()]);
const cancelAt = z.union([formInt(), z.enum(['max_period_end', 'min_period_end'])]);
const trialSettings = z.strictObject({
  end_behavior: z.strictObject({ missing_payment_method: z.enum(['cancel', 'create_invoice', 'pause']) }),
});

export const createSchema = z.strictObject({
  customer: z.string(),
  items: formArray(
    z.strictObject({
      price: z.string(),
      quantity: formInt(z.number().int().min(1)).optional(),
      metadata: metadataParam().optional(),
    }),
  ),
  default_payment_method: z.string().optional(),
  discounts: emptyable(formArray(discountParam)).optional(),
  trial_period_days: formInt(z.number().int().min(0).max(730)).optional(),
  trial_end: trialEnd.optional(),
  trial_from_plan: formBool().optional(),
  trial_settings: trialSettings.optional(),
  cancel_at_period_end: formBool().optional(),
  cancel_at: cancelAt.optional(),
  collection_method: z.enum(['charge_automatically', 'send_invoice']).optional(),
  days_until_due: formInt(z.number().int().min(0)).optional(),
  description: z.string().optional(),
  metadata: metadataParam().optional(),
  payment_behavior: paymentBehavior.optional(),
  proration_behavior: prorationBehavior.optional(),
  off_session: formBool().optional(),
  // Flexible is the default for new subscriptions since API version 2025-09-30.clover.
  billing_mode: z
    .strictObject({
      type: z.enum(['classic', 'flexible']),
      flexible: z.strictObject({ proration_discounts: z.enum(['included', 'itemized']).optional() }).optional(),
    })
    .optional(),
});

const itemChangeParam = z.strictObject({
  id: z.string().optional(),
  price: z.string().optional(),
  quantity: formInt(z.number().int().min(0)).optional(),
  deleted: formBool().optional(),
  clear_usage: formBool().optional(),
  metadata: metadataParam().optional(),
});

export const updateSchema = z.strictObject({
  items: formArray(itemChangeParam).optional(),
  default_payment_method: emptyable(z.string()).optional(),
  discounts: emptyable(formArray(discountParam)).optional(),
  cancel_at_period_end: formBool().optional(),
  cancel_at: emptyable(cancelAt).optional(),
  cancellation_details: z
    .strictObject({
      comment: emptyable(z.string()).optional(),
      feedback: emptyable(z.enum(feedbackValues)).optional(),
    })
    .optional(),
  proration_behavior: prorationBehavior.optional(),
  proration_date: formInt().optional(),
  payment_behavior: paymentBehavior.optional(),
  billing_cycle_anchor: billingCycleAnchorChange.optional(),
  trial_end: trialEnd.optional(),
  trial_settings: trialSettings.optional(),
  collection_method: z.enum(['charge_automatically', 'send_invoice']).optional(),
  days_until_due: formInt(z.number().int().min(0)).optional(),
  description: emptyable(z.string()).optional(),
  metadata: metadataParam().optional(),
  off_session: formBool().optional(),
});

export const cancelSchema = z.strictObject({
  cancellation_details: z
    .strictObject({
      comment: emptyable(z.string()).optional(),
      feedback: emptyable(z.enum(feedbackValues)).optional(),
    })
    .optional(),
  invoice_now: formBool().optional(),
  prorate: formBool().optional(),
});

export const listSchema = z.strictObject({
  ...paginationShape,
  customer: z.string().optional(),
  price: z.string().optional(),
  status: z
    .enum(['active', 'all', 'canceled', 'ended', 'incomplete', 'incomplete_expired', 'past_due', 'paused', 'trialing', 'unpaid'])
    .optional(),
  collection_method: z.enum(['charge_automatically', 'send_invoice']).optional(),
  created: rangeQuery.optional(),
});

export const previewSchema = z.strictObject({
  customer: z.string().optional(),
  subscription: z.string().optional(),
  subscription_details: z
    .strictObject({
      items: formArray(itemChangeParam).optional(),
      proration_behavior: prorationBehavior.optional(),
      proration_date: formInt().optional(),
      cancel_at_period_end: formBool().optional(),
      cancel_at: emptyable(cancelAt).optional(),
      billing_cycle_anchor: previewBillingCycleAnchor.optional(),
      trial_end: trialEnd.optional(),
    })
    .optional(),
  discounts: emptyable(formArray(discountParam)).optional(),
});

export type SubscriptionCreateInput = z.output<typeof createSchema>;
export type SubscriptionUpdateInput = z.output<typeof updateSchema>;
export type SubscriptionCancelInput = z.output<typeof cancelSchema>;
export type InvoicePreviewInput = z.output<typeof previewSchema>;
export type ItemChange = z.output<typeof itemChangeParam>;

/** `POST /v1/subscriptions/:id/pause`. */
export const pauseSchema = z.strictObject({
  type: z.enum(['subscription']).optional(),
  bill_for: z
    .strictObject({
      outstanding_usage_through: z.strictObject({ type: z.enum(['none', 'now']) }).optional(),
      unused_time_from: z.strictObject({ type: z.enum(['item_current_period_start', 'none', 'now']) }).optional(),
    })
    .optional(),
  invoicing_behavior: z.enum(['invoice', 'pending_invoice_item']).optional(),
});

/** `POST /v1/subscriptions/:id/resume`. */
export const resumeSchema = z.strictObject({
  billing_cycle_anchor: billingCycleAnchorChange.optional(),
  payment_behavior: z.enum(['resume_on_payment_attempt', 'resume_on_payment_success']).optional(),
  proration_behavior: prorationBehavior.optional(),
  proration_date: formInt().optional(),
});

export type SubscriptionPauseInput = z.output<typeof pauseSchema>;
export type SubscriptionResumeInput = z.output<typeof resumeSchema>;

/** `POST /v1/subscription_schedules/:id/release`. */
export const releaseScheduleSchema = z.strictObject({ preserve_cancel_date: formBool().optional() });

/** `POST /v1/subscription_schedules/:id/cancel`. */
export const cancelScheduleSchema = z.strictObject({ invoice_now: formBool().optional(), prorate: formBool().optional() });
