import type Stripe from 'stripe';

/** The id of an expandable field, whether it holds the id or the expanded object. */
export function idOf(value: string | { id: string }): string;
export function idOf(value: string | { id: string } | null | undefined): string | null;
export function idOf(value: string | { id: string } | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : value.id;
}

/** The customer a subscription belongs to. */
export function customerIdOf(subscription: Pick<Stripe.Subscription, 'customer'>): string {
  return idOf(subscription.customer);
}
