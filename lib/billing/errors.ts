import Stripe from 'stripe';
import { BillingNotSetUpError } from './portal';

/**
 * Plain words for a failed billing call, for the customer. Nothing a customer
 * sees names Stripe's error codes; the details go to the server log.
 */
export function billingErrorMessage(error: unknown): string {
  if (error instanceof BillingNotSetUpError) {
    return 'Billing is not set up on this site yet. Please try again later.';
  }
  if (error instanceof Stripe.errors.StripeRateLimitError) {
    return 'Our billing provider is busy right now. Nothing was changed; please try again in a moment.';
  }
  if (error instanceof Stripe.errors.StripeConnectionError || error instanceof Stripe.errors.StripeAPIError) {
    return 'We could not reach our billing provider. Nothing was changed; please try again.';
  }
  if (error instanceof Stripe.errors.StripeInvalidRequestError) {
    const message = error.message ?? '';
    if (/already set to be canceled|already canceled|is canceled/i.test(message)) {
      return 'This subscription is already canceled or set to end.';
    }
    if (/no changes to confirm/i.test(message)) return 'You are already on this plan.';
    if (/promotion code|coupon/i.test(message)) return 'That promotion code cannot be used.';
    return 'We could not open that billing page. Nothing was changed; please try again.';
  }
  if (error instanceof Stripe.errors.StripeAuthenticationError || error instanceof Stripe.errors.StripePermissionError) {
    return 'Billing is misconfigured on this site. Nothing was changed; please contact support.';
  }
  return 'Something went wrong. Nothing was changed; please try again.';
}
