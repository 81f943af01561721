import type Stripe from 'stripe';
import type { ProductConfig } from './config-schema';

/**
 * A plan's trial in Checkout (billing.config.ts `trial`): the days free, whether the page asks
 * for a card (`payment_method_collection`: `always`, or `if_required`, which asks for none when
 * nothing is due today), and what Stripe does if the trial ends without one. Nothing for a plan
 * without a trial.
 */
export function checkoutTrialParams(
  product: Pick<ProductConfig, 'trial'>,
): Pick<Stripe.Checkout.SessionCreateParams, 'subscription_data' | 'payment_method_collection'> {
  const trial = product.trial;
  if (!trial) return {};
  if (trial.card === 'required') {
    return { payment_method_collection: 'always', subscription_data: { trial_period_days: trial.days } };
  }
  return {
    payment_method_collection: 'if_required',
    subscription_data: {
      trial_period_days: trial.days,
      trial_settings: { end_behavior: { missing_payment_method: trial.whenNoCard ?? 'create_invoice' } },
    },
  };
}
