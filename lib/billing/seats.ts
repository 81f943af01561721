import { billingConfig } from '@/billing.config';
import type { BillingConfig } from './config-schema';

/**
 * Seats: products sold per seat are the ones whose quantity the portal configuration of
 * "Switch to …" (`flows.subscriptionUpdateConfirm`, which the seat stepper on /account also
 * opens) makes adjustable. The pricing page, the account page and the stepper's action all
 * read the bounds from here, so they never disagree with what the portal accepts.
 */

export interface SeatBounds {
  productKey: string;
  minimum: number;
  /** Null: no upper bound. */
  maximum: number | null;
}

/** The seat bounds of a product, by its key, or null when it is not sold per seat. */
export function seatBoundsOfProduct(
  productKey: string,
  config: Pick<BillingConfig, 'flows' | 'portalConfigurations'> = billingConfig,
): SeatBounds | null {
  const portal = config.portalConfigurations[config.flows.subscriptionUpdateConfirm.configuration];
  const bounds = portal?.subscriptionUpdate?.adjustableQuantity[productKey];
  return bounds ? { productKey, minimum: bounds.minimum, maximum: bounds.maximum ?? null } : null;
}

/** The seat bounds of the product a price (by lookup key) belongs to, or null. */
export function seatBoundsOfPrice(
  lookupKey: string | null,
  config: Pick<BillingConfig, 'flows' | 'portalConfigurations' | 'products'> = billingConfig,
): SeatBounds | null {
  if (!lookupKey) return null;
  const product = config.products.find((candidate) => candidate.prices.some((price) => price.lookupKey === lookupKey));
  return product ? seatBoundsOfProduct(product.key, config) : null;
}

/** Why a seat count cannot be chosen (a message key under `Errors`), or null when it can. */
export function seatCountProblem(quantity: number, current: number, bounds: SeatBounds) {
  if (quantity < bounds.minimum) return 'seatsBelowMinimum' as const;
  if (bounds.maximum !== null && quantity > bounds.maximum) return 'seatsAboveMaximum' as const;
  if (quantity === current) return 'seatsUnchanged' as const;
  return null;
}
