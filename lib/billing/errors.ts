import Stripe from 'stripe';
import { BillingNotSetUpError } from './portal';

/**
 * What to tell the customer about a failed billing call: the key of the message under
 * `Errors` in messages/. Nothing a customer sees names Stripe's error codes; the
 * details go to the server log.
 */
export function billingErrorKey(error: unknown) {
  if (error instanceof BillingNotSetUpError) return 'billingNotSetUp';
  if (error instanceof Stripe.errors.StripeRateLimitError) return 'billingBusy';
  if (error instanceof Stripe.errors.StripeConnectionError || error instanceof Stripe.errors.StripeAPIError) {
    return 'billingUnreachable';
  }
  if (error instanceof Stripe.errors.StripeInvalidRequestError) {
    const message = error.message ?? '';
    if (/already set to be canceled|already canceled|is canceled/i.test(message)) return 'alreadyCanceled';
    if (/no changes to confirm/i.test(message)) return 'alreadyOnPlan';
    if (/promotion code|coupon/i.test(message)) return 'promotionCodeUnusable';
    return 'portalFailed';
  }
  if (error instanceof Stripe.errors.StripeAuthenticationError || error instanceof Stripe.errors.StripePermissionError) {
    return 'billingMisconfigured';
  }
  return 'unexpected';
}
