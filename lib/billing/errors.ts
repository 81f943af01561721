import Stripe from 'stripe';
import { BillingNotSetUpError } from './portal';

/**
 * What to tell the customer about a failed billing call: the key of the message under
 * `Errors` in messages/. Nothing a customer sees names Stripe's error codes; the
 * details go to the server log.
 */
export function billingErrorKey(error: unknown) {
  if (error instanceof BillingNotSetUpError) return 'billingNotSetUp';
  // By the error's `type` name, not `instanceof`: a server bundle may hold more than one copy of
  // the stripe package's classes (the client's and this module's), and a name is the same in all.
  const type = stripeErrorType(error);
  if (type === 'StripeRateLimitError') return 'billingBusy';
  if (type === 'StripeConnectionError' || type === 'StripeAPIError') return 'billingUnreachable';
  if (type === 'StripeInvalidRequestError') {
    const message = (error as Error).message ?? '';
    if (/already set to be canceled|already canceled|is canceled/i.test(message)) return 'alreadyCanceled';
    if (/no changes to confirm/i.test(message)) return 'alreadyOnPlan';
    if (/promotion code|coupon/i.test(message)) return 'promotionCodeUnusable';
    return 'portalFailed';
  }
  if (type === 'StripeAuthenticationError' || type === 'StripePermissionError') return 'billingMisconfigured';
  return 'unexpected';
}

/** The class name of a Stripe SDK error (`StripeRateLimitError`, …), or null for anything else. */
function stripeErrorType(error: unknown): string | null {
  if (error instanceof Stripe.errors.StripeError) return error.type;
  const type = error instanceof Error && 'rawType' in error ? (error as unknown as { type?: unknown }).type : undefined;
  return typeof type === 'string' ? type : null;
}
