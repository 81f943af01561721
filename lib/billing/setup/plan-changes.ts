import type Stripe from 'stripe';
import type { PortalConfigurationConfig } from '../config-schema';

/**
 * The portal's plan-change settings of issue 16 in set-up: changes that wait for the period's
 * end (`schedule_at_period_end.conditions`), trials on a change (`trial_update_behavior`) and
 * the billing cycle (`billing_cycle_anchor`), as parameters and as the drift fingerprint.
 */

type UpdateParams = Stripe.BillingPortal.ConfigurationCreateParams.Features.SubscriptionUpdate;
type Update = NonNullable<PortalConfigurationConfig['subscriptionUpdate']>;

export function planChangeParams(
  update: Update,
): Pick<UpdateParams, 'schedule_at_period_end' | 'trial_update_behavior' | 'billing_cycle_anchor'> {
  return {
    schedule_at_period_end: { conditions: (update.scheduleAtPeriodEnd?.conditions ?? []).map((type) => ({ type })) },
    trial_update_behavior: update.trialUpdateBehavior,
    ...(update.billingCycleAnchor ? { billing_cycle_anchor: update.billingCycleAnchor } : {}),
  };
}

export interface PlanChangeFingerprint {
  /** The conditions, sorted; empty when every change is at once. */
  scheduleAtPeriodEnd: string[];
  trialUpdateBehavior: string;
  /** Null: Stripe's default (`unchanged`). */
  billingCycleAnchor: string | null;
}

/** The same fingerprint from the parameters we send and from the configuration Stripe returns. */
export function planChangeFingerprint(update: {
  schedule_at_period_end?: { conditions?: '' | { type: string }[] } | null;
  trial_update_behavior?: string | null;
  billing_cycle_anchor?: string | null;
}): PlanChangeFingerprint {
  const conditions = update.schedule_at_period_end?.conditions;
  return {
    scheduleAtPeriodEnd: (Array.isArray(conditions) ? conditions.map((condition) => condition.type) : []).sort(),
    trialUpdateBehavior: update.trial_update_behavior ?? 'end_trial',
    billingCycleAnchor: update.billing_cycle_anchor === 'unchanged' ? null : (update.billing_cycle_anchor ?? null),
  };
}
