import { z } from 'zod';
import type { LocalizedText } from '@/lib/i18n/localized-text';
import { FEATURE_KEYS, type FeatureKey } from './feature-keys';

/**
 * The parts of billing.config.ts about plans over time (issue 16): what a plan unlocks, its
 * trial, and how the portal handles changes that wait for the period's end, trials and the
 * billing cycle. config-schema.ts assembles them and refuses combinations Stripe would.
 */

/**
 * One line of a plan's feature list: its text, and the key lib/billing/entitlements.ts gates
 * on. A feature without a key is only text on the pricing page; it unlocks nothing.
 */
export function featureSchema(text: z.ZodType<LocalizedText>) {
  return z
    .union([text, z.strictObject({ key: z.enum(FEATURE_KEYS).nullable(), text })])
    .transform((feature): { key: FeatureKey | null; text: LocalizedText } =>
      typeof feature === 'object' && 'key' in feature
        ? { key: feature.key as FeatureKey | null, text: feature.text }
        : { key: null, text: feature },
    );
}

/** Stripe's longest trial is 730 days. */
const MAX_TRIAL_DAYS = 730;

/**
 * A free trial for new subscribers through Checkout (`subscription_data.trial_period_days`).
 * `card: 'required'` asks for a card up front (`payment_method_collection: 'always'`);
 * `'optional'` asks for none (`if_required`), and `whenNoCard` says what happens if the trial
 * ends without one (`trial_settings.end_behavior.missing_payment_method`): `cancel` ends the
 * subscription, `pause` pauses it until the customer adds a card and resumes, `create_invoice`
 * issues an open invoice and leaves it `past_due`.
 */
export const trialSchema = z
  .strictObject({
    days: z.number().int().min(1).max(MAX_TRIAL_DAYS, `is longer than ${MAX_TRIAL_DAYS} days, the longest trial Stripe allows`),
    card: z.enum(['required', 'optional']).default('required'),
    whenNoCard: z.enum(['cancel', 'pause', 'create_invoice']).optional(),
  })
  .superRefine((trial, ctx) => {
    if (trial.card === 'optional' && !trial.whenNoCard) {
      ctx.addIssue({
        code: 'custom',
        path: ['whenNoCard'],
        message: 'is required with card: "optional": say what happens when the trial ends without a card (cancel, pause or create_invoice)',
      });
    }
    if (trial.card === 'required' && trial.whenNoCard) {
      ctx.addIssue({
        code: 'custom',
        path: ['whenNoCard'],
        message: 'only applies to a trial with card: "optional" (with a card required, a trial never ends without one)',
      });
    }
  });

/**
 * Plan changes the portal schedules for the end of the paid period instead of making at once
 * (Stripe's `schedule_at_period_end.conditions`): a cheaper plan, a shorter interval, or both.
 */
export const scheduleAtPeriodEndSchema = z.strictObject({
  conditions: z
    .array(z.enum(['decreasing_item_amount', 'shortening_interval']))
    .min(1, 'lists no condition: give decreasing_item_amount, shortening_interval or both'),
});

/** How a plan change treats a trial: keep it running, or end it and bill the new plan now (Stripe's default). */
export const trialUpdateBehaviorSchema = z.enum(['continue_trial', 'end_trial']).default('end_trial');

/** Whether a plan change restarts the billing cycle now, or keeps it (Stripe: null means `unchanged`). */
export const billingCycleAnchorSchema = z.enum(['now', 'unchanged']).nullable().default(null);
