import type Stripe from 'stripe';
import type { z } from 'zod';
import { invalidParam, parameterMissing, resourceMissing, unsupported } from '../../errors.js';
import { mergeMetadata } from '../../params.js';
import { randomString, type Store } from '../../store.js';
import { couponDiscount, couponIsValid, requireCoupon } from '../coupons.js';
import { couponIdOf } from '../promotion-codes.js';
import type { CheckoutSessionCreateInput, lineItemParam } from './schemas.js';

// What a session sells: its prices and discounts checked, its line items and amounts.

export function validatePrices(store: Store, items: readonly z.output<typeof lineItemParam>[]): Stripe.Price[] {
  if (items.length === 0) throw parameterMissing('line_items');
  const prices = items.map((item, index) => {
    const param = `line_items[${index}]`;
    if (item.price_data !== undefined) throw unsupported(`${param}[price_data]`, 'create the price first and pass `price`.');
    if (item.adjustable_quantity !== undefined) throw unsupported(`${param}[adjustable_quantity]`, 'quantities are fixed.');
    if (item.tax_rates !== undefined) throw unsupported(`${param}[tax_rates]`, 'taxes are not emulated.');
    if (item.price === undefined) throw parameterMissing(`${param}[price]`);
    if (item.quantity === undefined) throw parameterMissing(`${param}[quantity]`);
    const price = store.prices.get(item.price);
    if (!price) throw resourceMissing('price', item.price, `${param}[price]`);
    if (!price.active) {
      throw invalidParam('The price specified is inactive. This field only accepts active prices.', `${param}[price]`);
    }
    return price;
  });
  if (!prices.some((price) => price.type === 'recurring')) {
    throw invalidParam('You must provide at least one recurring price in `subscription` mode when using prices.', 'line_items');
  }
  const [first] = prices;
  prices.forEach((price, index) => {
    if (first && price.currency !== first.currency) {
      throw invalidParam('All prices in a Checkout Session must use the same currency.', `line_items[${index}][price]`);
    }
  });
  const recurring = prices.filter((price) => price.recurring);
  const interval = recurring[0]?.recurring;
  recurring.forEach((price) => {
    if (price.recurring?.interval !== interval?.interval || price.recurring?.interval_count !== interval?.interval_count) {
      throw invalidParam('All recurring prices in a Checkout Session must have the same billing interval.', 'line_items');
    }
  });
  if (prices.some((price) => price.type !== 'recurring')) {
    throw unsupported('line_items', 'one-time prices in subscription mode are not emulated.');
  }
  return prices;
}

export function validateDiscounts(
  store: Store,
  discounts: CheckoutSessionCreateInput['discounts'],
): Stripe.Checkout.Session.Discount[] | null {
  if (discounts === undefined) return null;
  if (discounts.length > 1) throw invalidParam('You may only specify one discount.', 'discounts');
  return discounts.map((discount, index) => {
    const param = `discounts[${index}]`;
    if ((discount.coupon === undefined) === (discount.promotion_code === undefined)) {
      throw invalidParam('You must specify exactly one of `coupon` or `promotion_code` in each discount.', param);
    }
    if (discount.coupon !== undefined) {
      const coupon = requireCoupon(store, discount.coupon, `${param}[coupon]`);
      if (!couponIsValid(store, coupon)) throw invalidParam(`Coupon ${coupon.id} is no longer valid.`, `${param}[coupon]`);
      return { coupon: coupon.id, promotion_code: null };
    }
    const code = store.promotion_codes.get(discount.promotion_code ?? '');
    if (!code) throw resourceMissing('promotion code', discount.promotion_code ?? '', `${param}[promotion_code]`);
    if (!code.active) throw invalidParam(`The promotion code ${code.id} is not active.`, `${param}[promotion_code]`);
    return { coupon: null, promotion_code: code.id };
  });
}

/** The coupon a session's discount (or a promotion code entered on the page) grants. */
export function couponFor(store: Store, discount: Stripe.Checkout.Session.Discount): Stripe.Coupon | undefined {
  const promotionCodeId = typeof discount.promotion_code === 'string' ? discount.promotion_code : discount.promotion_code?.id;
  if (promotionCodeId) {
    const promotionCode = store.promotion_codes.get(promotionCodeId);
    return promotionCode ? store.coupons.get(couponIdOf(promotionCode)) : undefined;
  }
  const couponId = typeof discount.coupon === 'string' ? discount.coupon : discount.coupon?.id;
  return couponId ? store.coupons.get(couponId) : undefined;
}

/** Subtotal, discount and total of what is due today (nothing during a trial). */
export function checkoutAmounts(
  lineItems: readonly Stripe.LineItem[],
  coupon: Stripe.Coupon | undefined,
  trial: boolean,
): { subtotal: number; discount: number; total: number } {
  if (trial) return { subtotal: 0, discount: 0, total: 0 };
  const subtotal = lineItems.reduce((sum, item) => sum + item.amount_subtotal, 0);
  const currency = lineItems[0]?.currency ?? 'usd';
  const discount = coupon ? couponDiscount(coupon, subtotal, currency) : 0;
  return { subtotal, discount, total: subtotal - discount };
}

export function buildLineItems(
  store: Store,
  prices: readonly Stripe.Price[],
  items: readonly z.output<typeof lineItemParam>[],
): Stripe.LineItem[] {
  return prices.map((price, index) => {
    const quantity = items[index]?.quantity ?? 1;
    const amount = (price.unit_amount ?? 0) * quantity;
    const productId = typeof price.product === 'string' ? price.product : price.product.id;
    return {
      id: `li_${randomString(24)}`,
      object: 'item',
      adjustable_quantity: null,
      amount_discount: 0,
      amount_subtotal: amount,
      amount_tax: 0,
      amount_total: amount,
      currency: price.currency,
      description: store.products.get(productId)?.name ?? price.nickname ?? null,
      metadata: mergeMetadata({}, items[index]?.metadata),
      price,
      quantity,
    };
  });
}
