import type Stripe from 'stripe';
import { z } from 'zod';
import { invalidRequest, resourceMissing } from '../errors.js';
import { recordEvent } from '../events.js';
import type { EmulatorModule } from '../router.js';
import type { Store } from '../store.js';
import { addInterval } from './amounts.js';
import { redeemCoupon, requireCoupon } from './coupons.js';
import { redeemPromotionCode } from './promotion-codes.js';

/**
 * Discounts: a coupon (or promotion code) applied to a subscription. They are stored objects with
 * `di_` ids; subscriptions and invoices refer to them by id (expandable).
 */

/** One entry of a `discounts[]` param: exactly one of `coupon`, `promotion_code`, `discount`. */
export const discountParam = z.strictObject({
  coupon: z.string().optional(),
  promotion_code: z.string().optional(),
  discount: z.string().optional(),
});

export type DiscountInput = z.output<typeof discountParam>;

export function requireDiscount(store: Store, id: string, param = 'discount'): Stripe.Discount {
  const discount = store.discounts.get(id);
  if (!discount) throw resourceMissing('discount', id, param);
  return discount;
}

export function couponOf(store: Store, discount: Stripe.Discount): Stripe.Coupon {
  const coupon = discount.source.coupon;
  if (coupon === null) throw new Error(`discount ${discount.id} has no coupon`);
  return typeof coupon === 'string' ? requireCoupon(store, coupon) : coupon;
}

/** Checks a `discounts[]` param before anything is changed; throws Stripe's error for a bad entry. */
export function validateDiscountInputs(store: Store, inputs: readonly DiscountInput[], subscriptionId: string | null): void {
  inputs.forEach((input, index) => {
    const given = [input.coupon, input.promotion_code, input.discount].filter((value) => value !== undefined);
    if (given.length !== 1) {
      throw invalidRequest(
        'You must specify exactly one of `coupon`, `promotion_code` or `discount` in each discount.',
        `discounts[${index}]`,
      );
    }
    if (input.coupon !== undefined) requireCoupon(store, input.coupon, `discounts[${index}][coupon]`);
    if (input.promotion_code !== undefined) {
      if (!store.promotion_codes.has(input.promotion_code)) {
        throw resourceMissing('promotion code', input.promotion_code, `discounts[${index}][promotion_code]`);
      }
    }
    if (input.discount !== undefined) {
      const discount = requireDiscount(store, input.discount, `discounts[${index}][discount]`);
      if (discount.subscription !== subscriptionId) {
        throw invalidRequest(`The discount ${input.discount} does not belong to this subscription.`, `discounts[${index}][discount]`);
      }
    }
  });
}

/**
 * Turns a validated `discounts[]` param into discount ids for a subscription: existing discounts
 * are kept, coupons and promotion codes are redeemed into new discounts
 * (`customer.discount.created`). Call `validateDiscountInputs` first.
 */
export function applyDiscountInputs(
  store: Store,
  inputs: readonly DiscountInput[],
  target: { customer: string; subscription: string },
): string[] {
  return inputs.map((input, index) => {
    if (input.discount !== undefined) return input.discount;
    const param = `discounts[${index}]`;
    if (input.promotion_code !== undefined) {
      const couponId = redeemPromotionCode(store, input.promotion_code, target.customer, `${param}[promotion_code]`);
      return createDiscount(store, couponId, { ...target, promotionCode: input.promotion_code }).id;
    }
    const coupon = redeemCoupon(store, input.coupon ?? '', `${param}[coupon]`);
    return createDiscount(store, coupon.id, { ...target, promotionCode: null }).id;
  });
}

function createDiscount(
  store: Store,
  couponId: string,
  target: { customer: string; subscription: string; promotionCode: string | null },
): Stripe.Discount {
  const coupon = requireCoupon(store, couponId);
  const start = store.now();
  const discount: Stripe.Discount = {
    id: store.newId('di'),
    object: 'discount',
    checkout_session: null,
    customer: target.customer,
    customer_account: null,
    end: coupon.duration === 'repeating' && coupon.duration_in_months ? addInterval(start, 'month', coupon.duration_in_months) : null,
    invoice: null,
    invoice_item: null,
    promotion_code: target.promotionCode,
    source: { coupon: coupon.id, type: 'coupon' },
    start,
    subscription: target.subscription,
    subscription_item: null,
  };
  store.discounts.set(discount);
  recordEvent(store, 'customer.discount.created', discount);
  return discount;
}

/** Discounts that were removed; invoices still refer to them, and expand to the deleted form. */
function deletedDiscounts(store: Store) {
  return store.extra<Stripe.DeletedDiscount>('deleted_discounts');
}

/** Removes a discount that no longer applies (`customer.discount.deleted`). */
export function deleteDiscount(store: Store, id: string): void {
  const discount = store.discounts.get(id);
  if (!discount) return;
  store.discounts.delete(id);
  const deleted: Stripe.DeletedDiscount = {
    id: discount.id,
    object: 'discount',
    checkout_session: discount.checkout_session,
    customer: discount.customer,
    customer_account: discount.customer_account,
    deleted: true,
    invoice: discount.invoice,
    invoice_item: discount.invoice_item,
    promotion_code: discount.promotion_code,
    source: discount.source,
    start: discount.start,
    subscription: discount.subscription,
    subscription_item: discount.subscription_item,
  };
  deletedDiscounts(store).set(deleted);
  recordEvent(store, 'customer.discount.deleted', deleted);
}

/** Whether a discount still applies at `at` (a `repeating` one ends after its months). */
export function discountActive(discount: Stripe.Discount, at: number): boolean {
  return discount.end === null || discount.end > at;
}

export const discountsModule: EmulatorModule = {
  name: 'discounts',
  resolve: (store, id) => (id.startsWith('di_') ? (store.discounts.get(id) ?? deletedDiscounts(store).get(id)) : undefined),
};
