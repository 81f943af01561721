import { checkoutPagesModule } from './checkout/routes.js';
import { accountModule } from './resources/account.js';
import { portalPagesModule } from './portal/routes.js';
import { billingPortalConfigurationsModule } from './resources/billing-portal-configurations/index.js';
import { billingPortalSessionsModule } from './resources/billing-portal-sessions/index.js';
import { checkoutSessionsModule } from './resources/checkout-sessions/index.js';
import { couponsModule } from './resources/coupons.js';
import { customersModule } from './resources/customers.js';
import { discountsModule } from './resources/discounts.js';
import { eventsModule } from './resources/events.js';
import { invoicesModule } from './resources/invoices/index.js';
import { paymentMethodsModule } from './resources/payment-methods/index.js';
import { pricesModule } from './resources/prices.js';
import { productsModule } from './resources/products.js';
import { promotionCodesModule } from './resources/promotion-codes.js';
import { subscriptionSchedulesModule } from './resources/subscription-schedules.js';
import { taxIdsModule } from './resources/tax-ids.js';
import { subscriptionsModule } from './resources/subscriptions/index.js';
import { webhookEndpointsModule } from './resources/webhook-endpoints.js';
import type { EmulatorModule } from './router.js';

/**
 * Every feature the emulator serves. The order is the resolution order for `expand[]`: modules
 * whose ids carry a prefix first, then those with caller-chosen ids (products, coupons). A new
 * resource or set of hosted pages exports an `EmulatorModule` and is added here.
 */
export const builtInModules: readonly EmulatorModule[] = [
  customersModule,
  taxIdsModule,
  paymentMethodsModule,
  pricesModule,
  promotionCodesModule,
  subscriptionSchedulesModule,
  subscriptionsModule,
  discountsModule,
  invoicesModule,
  eventsModule,
  webhookEndpointsModule,
  billingPortalConfigurationsModule,
  billingPortalSessionsModule,
  portalPagesModule,
  checkoutSessionsModule,
  checkoutPagesModule,
  productsModule,
  couponsModule,
  accountModule,
];
