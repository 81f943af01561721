import { checkoutPagesModule } from './checkout/routes';
import { accountModule } from './resources/account';
import { portalPagesModule } from './portal/routes';
import { billingPortalConfigurationsModule } from './resources/billing-portal-configurations';
import { billingPortalSessionsModule } from './resources/billing-portal-sessions';
import { checkoutSessionsModule } from './resources/checkout-sessions';
import { couponsModule } from './resources/coupons';
import { customersModule } from './resources/customers';
import { discountsModule } from './resources/discounts';
import { eventsModule } from './resources/events';
import { invoicesModule } from './resources/invoices';
import { paymentMethodsModule } from './resources/payment-methods';
import { pricesModule } from './resources/prices';
import { productsModule } from './resources/products';
import { promotionCodesModule } from './resources/promotion-codes';
import { subscriptionsModule } from './resources/subscriptions';
import { webhookEndpointsModule } from './resources/webhook-endpoints';
import type { EmulatorModule } from './router';

/**
 * Every feature the emulator serves. The order is the resolution order for `expand[]`: modules
 * whose ids carry a prefix first, then those with caller-chosen ids (products, coupons). A new
 * resource or set of hosted pages exports an `EmulatorModule` and is added here.
 */
export const builtInModules: readonly EmulatorModule[] = [
  customersModule,
  paymentMethodsModule,
  pricesModule,
  promotionCodesModule,
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
