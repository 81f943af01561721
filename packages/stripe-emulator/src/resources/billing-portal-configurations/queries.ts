import type Stripe from 'stripe';
import { resourceMissing } from '../../errors.js';
import type { Store } from '../../store.js';
import type { PortalProduct } from './schemas.js';

// Reading configurations: lookups, what they offer, and their API representation.

type Configuration = Stripe.BillingPortal.Configuration;

/** The hosted login page of a configuration: a token in its URL, pointing back at the configuration. */
export interface PortalLoginPage {
  id: string;
  configuration: string;
}

export const LOGIN_PAGES = 'portal_login_pages';

/** `features.subscription_update.products` is includable: Stripe returns it only when expanded. */
const PRODUCTS_PATH = 'features.subscription_update.products';

export function requireConfiguration(store: Store, id: string, param = 'configuration'): Configuration {
  const configuration = store.billing_portal_configurations.get(id);
  if (!configuration) throw resourceMissing('billing_portal.configuration', id, param);
  return configuration;
}

/** The configuration sessions use when none is named. */
export function defaultConfiguration(store: Store): Configuration | undefined {
  return store.billing_portal_configurations.find((configuration) => configuration.is_default);
}

/** The products and prices the configuration lets a customer switch between. */
export function portalProducts(configuration: Configuration): PortalProduct[] {
  return configuration.features.subscription_update.products ?? [];
}

/**
 * The quantities a customer may choose for a product in the portal, or null when its quantity is
 * fixed: the product's `adjustable_quantity` when enabled, else any quantity from 1 when
 * `default_allowed_updates` includes `quantity`.
 */
export function quantityBounds(configuration: Configuration, productId: string): { minimum: number; maximum: number | null } | null {
  const update = configuration.features.subscription_update;
  const adjustable = portalProducts(configuration).find((product) => product.product === productId)?.adjustable_quantity;
  if (adjustable?.enabled) return { minimum: adjustable.minimum, maximum: adjustable.maximum };
  return update.default_allowed_updates.includes('quantity') ? { minimum: 1, maximum: null } : null;
}

/** Whether the configuration offers `priceId` in its subscription update feature. */
export function configurationOffersPrice(configuration: Configuration, priceId: string): boolean {
  return portalProducts(configuration).some((product) => product.prices.includes(priceId));
}

/** The API representation: the includable `products` list only when the request expanded it. */
export function presentConfiguration(configuration: Configuration, expand: readonly string[], prefix = ''): Configuration {
  if (expand.includes(`${prefix}${PRODUCTS_PATH}`)) return configuration;
  const { products: _products, ...subscriptionUpdate } = configuration.features.subscription_update;
  return { ...configuration, features: { ...configuration.features, subscription_update: subscriptionUpdate } };
}
