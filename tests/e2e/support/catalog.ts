import { billingConfig } from '@/billing.config';
import type { PriceConfig, ProductConfig } from '@/lib/billing/config-schema';
import { seatBoundsOfProduct } from '@/lib/billing/seats';
import { textIn } from '@/lib/i18n/localized-text';
import { formatMoney } from '@/lib/i18n/money';

// The end-to-end tests drive the app as it is configured, so they read the shipped
// billing.config.ts — by role, never by name: a fork that renames its plans or changes
// their prices keeps them meaningful. What they need from it: two products or more, an
// active promotion code, a retention coupon on Cancel, and "Switch to …" ending on Stripe's
// hosted confirmation (as shipped). A config without one of these stops here, saying so.

function need<T>(value: T | undefined | null | false, what: string): T {
  if (value === undefined || value === null || value === false) {
    throw new Error(`The end-to-end tests need ${what} in billing.config.ts.`);
  }
  return value;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The price /pricing shows for a plan: the one of the chosen interval, else its first (as the page picks). */
function shown(product: ProductConfig, interval: PriceConfig['interval']) {
  return product.prices.find((price) => price.interval === interval) ?? product.prices[0]!;
}

export interface PlanPrice {
  /** The product's config key: `[data-plan="…"]` on /pricing. */
  key: string;
  name: string;
  lookupKey: string;
  /** "$29.00": the amount as our pages and the emulator's write it. */
  amount: string;
  /** "$29.00 / month": the price on /account. */
  priceText: string;
  /** The plan's choice on the portal's "Change plan" page ("Pro · $29.00 / month"). */
  portalChoice: RegExp;
}

function planPrice(product: ProductConfig, price: PriceConfig): PlanPrice {
  const amount = formatMoney(price.unitAmount, price.currency, 'en');
  return {
    key: product.key,
    name: product.name,
    lookupKey: price.lookupKey,
    amount,
    priceText: `${amount} / ${price.interval}`,
    portalChoice: new RegExp(`^${escape(product.name)} · ${escape(amount)}(?!\\d)`),
  };
}

const { products } = billingConfig;
const main = products.find((product) => product.highlight) ?? products[0]!;
const others = products.filter((product) => product !== main);
const upgrade = need(others.at(-1), 'two products or more (the tests change plans)');
const downgrade = others[0]!;

export const plans = {
  /** What "Subscribe" on /pricing buys a new customer: the highlighted plan (else the first), monthly. */
  subscribed: planPrice(main, shown(main, 'month')),
  /** Another plan, monthly: "Change plan" and "Switch to …" go there. */
  other: planPrice(upgrade, shown(upgrade, 'month')),
  /** The same plan as /pricing?interval=year shows it. */
  otherYearly: planPrice(upgrade, shown(upgrade, 'year')),
  /** A third plan where there is one (else `other`), monthly: the second subscription, and a downgrade. */
  third: planPrice(downgrade, shown(downgrade, 'month')),
};

/** A promotion code customers can type on /pricing. */
export const promotionCode = need(
  billingConfig.promotionCodes.find((code) => code.active),
  'an active promotion code',
).code;

const retentionCoupon = need(
  billingConfig.coupons.find((coupon) => coupon.id === billingConfig.flows.subscriptionCancel.retentionCoupon),
  'a retention coupon on flows.subscriptionCancel',
);
/** How /account describes the retention coupon once accepted ("25% off"). */
export const retentionDiscountText =
  retentionCoupon.percentOff !== undefined
    ? `${retentionCoupon.percentOff}% off`
    : `${formatMoney(retentionCoupon.amountOff!, retentionCoupon.currency!, 'en')} off`;

const confirm = billingConfig.flows.subscriptionUpdateConfirm.afterCompletion;
/** The message Stripe's hosted confirmation shows after "Switch to …", in English (the e2e browser's language). */
export const switchConfirmationMessage = textIn(
  need(
    confirm.type === 'hosted_confirmation' && confirm.message,
    'flows.subscriptionUpdateConfirm ending on a hosted_confirmation with a message',
  ),
  'en',
);

const seatProduct = need(
  products.find((product) => seatBoundsOfProduct(product.key, billingConfig)),
  'a per-seat product (subscriptionUpdate.adjustableQuantity on the configuration of flows.subscriptionUpdateConfirm)',
);
const seatBounds = seatBoundsOfProduct(seatProduct.key, billingConfig)!;
const seatPrice = shown(seatProduct, 'month');

/** A plan sold per seat, monthly, with the seat bounds the portal allows. */
export const seatPlan = {
  ...planPrice(seatProduct, seatPrice),
  minimum: seatBounds.minimum,
  maximum: seatBounds.maximum,
  /** "$19.00 per seat / month": the per-seat price on /account and /pricing. */
  perSeatText: `${formatMoney(seatPrice.unitAmount, seatPrice.currency, 'en')} per seat / ${seatPrice.interval}`,
};

/** Whether billing.config.ts offers "Pause" with preset durations, and the longest one's label on the portal ("3 months"). */
const pauseSettings = billingConfig.flows.subscriptionPause
  ? billingConfig.portalConfigurations[billingConfig.flows.subscriptionPause.configuration]?.subscriptionPause
  : null;
export const pauseDuration = need(
  pauseSettings && pauseSettings.durations !== 'indefinite' ? pauseSettings.durations.at(-1) : null,
  'flows.subscriptionPause on a configuration with preset pause durations',
);
