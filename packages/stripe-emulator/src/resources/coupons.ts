import type Stripe from 'stripe';
import { z } from 'zod';
import { invalidRequest, parameterMissing, resourceMissing } from '../errors.js';
import { changedAttributes, recordEvent } from '../events.js';
import {
  createRoute,
  formInt,
  formNumber,
  inRange,
  listRoute,
  mergeMetadata,
  metadataParam,
  paginationShape,
  rangeQuery,
  retrieveRoute,
  updateRoute,
} from '../params.js';
import type { EmulatorModule } from '../router.js';
import { randomString, type Store } from '../store.js';

const createSchema = z.strictObject({
  id: z.string().optional(),
  name: z.string().max(40).optional(),
  percent_off: formNumber(z.number().gt(0).max(100)).optional(),
  amount_off: formInt(z.number().int().min(1)).optional(),
  currency: z.string().optional(),
  duration: z.enum(['once', 'repeating', 'forever']).optional(),
  duration_in_months: formInt(z.number().int().min(1)).optional(),
  max_redemptions: formInt(z.number().int().min(1)).optional(),
  redeem_by: formInt().optional(),
  metadata: metadataParam().optional(),
});

const updateSchema = z.strictObject({
  name: z.string().max(40).optional(),
  metadata: metadataParam().optional(),
});

const listSchema = z.strictObject({ ...paginationShape, created: rangeQuery.optional() });

type CouponCreateInput = z.output<typeof createSchema>;

export function requireCoupon(store: Store, id: string, param = 'coupon'): Stripe.Coupon {
  const coupon = store.coupons.get(id);
  if (!coupon) throw resourceMissing('coupon', id, param);
  return coupon;
}

function createCoupon(store: Store, params: CouponCreateInput): Stripe.Coupon {
  if (params.percent_off !== undefined && params.amount_off !== undefined) {
    throw invalidRequest('You may only specify one of these parameters: amount_off, percent_off.', 'amount_off');
  }
  if (params.percent_off === undefined && params.amount_off === undefined) {
    throw invalidRequest('You must specify either `amount_off` or `percent_off` when creating a coupon.', 'percent_off');
  }
  if (params.amount_off !== undefined && params.currency === undefined) throw parameterMissing('currency');
  const duration = params.duration ?? 'once';
  if (duration === 'repeating' && params.duration_in_months === undefined) throw parameterMissing('duration_in_months');
  if (duration !== 'repeating' && params.duration_in_months !== undefined) {
    throw invalidRequest('duration_in_months can only be set when duration is `repeating`.', 'duration_in_months');
  }
  if (params.id !== undefined && store.coupons.has(params.id)) {
    throw invalidRequest('Coupon already exists.', 'id', 'resource_already_exists');
  }

  const coupon: Stripe.Coupon = {
    id: params.id ?? randomString(8),
    object: 'coupon',
    amount_off: params.amount_off ?? null,
    created: store.now(),
    currency: params.amount_off !== undefined ? (params.currency?.toLowerCase() ?? null) : null,
    duration,
    duration_in_months: params.duration_in_months ?? null,
    livemode: false,
    max_redemptions: params.max_redemptions ?? null,
    metadata: mergeMetadata({}, params.metadata),
    name: params.name ?? null,
    percent_off: params.percent_off ?? null,
    redeem_by: params.redeem_by ?? null,
    times_redeemed: 0,
    valid: true,
  };
  store.coupons.set(coupon);
  recordEvent(store, 'coupon.created', coupon);
  return coupon;
}

function updateCoupon(store: Store, id: string, params: z.output<typeof updateSchema>): Stripe.Coupon {
  const before = requireCoupon(store, id, 'id');
  const after: Stripe.Coupon = {
    ...before,
    ...(params.name !== undefined && { name: params.name }),
    metadata: mergeMetadata(before.metadata ?? {}, params.metadata),
  };
  const previous = changedAttributes(before, after);
  if (!previous) return before;
  store.coupons.set(after);
  recordEvent(store, 'coupon.updated', after, previous);
  return after;
}

/** Whether a coupon can still be applied: not past `redeem_by`, not out of redemptions. */
export function couponIsValid(store: Store, coupon: Stripe.Coupon): boolean {
  return (
    (coupon.redeem_by === null || coupon.redeem_by > store.now()) &&
    (coupon.max_redemptions === null || coupon.times_redeemed < coupon.max_redemptions)
  );
}

/** Counts one redemption of a coupon, invalidating it when it reaches `max_redemptions`. */
export function redeemCoupon(store: Store, id: string, param = 'coupon'): Stripe.Coupon {
  const coupon = requireCoupon(store, id, param);
  if (!couponIsValid(store, coupon)) throw invalidRequest(`Coupon ${coupon.id} is no longer valid.`, param);
  const times = coupon.times_redeemed + 1;
  const redeemed: Stripe.Coupon = {
    ...coupon,
    times_redeemed: times,
    valid: coupon.max_redemptions === null || times < coupon.max_redemptions,
  };
  store.coupons.set(redeemed);
  return redeemed;
}

/** What a coupon takes off an amount in the given currency, never more than the amount. */
export function couponDiscount(coupon: Stripe.Coupon, amount: number, currency: string): number {
  if (amount <= 0) return 0;
  if (coupon.percent_off !== null) return Math.min(amount, Math.round((amount * coupon.percent_off) / 100));
  if (coupon.amount_off !== null && coupon.currency === currency) return Math.min(amount, coupon.amount_off);
  return 0;
}

export const couponsModule: EmulatorModule = {
  name: 'coupons',
  apiRoutes: [
    createRoute('/v1/coupons', createSchema, createCoupon),
    listRoute('/v1/coupons', listSchema, 'coupon', (store, params) =>
      store.coupons.filter((coupon) => inRange(coupon.created, params.created)),
    ),
    retrieveRoute('/v1/coupons/:id', (store, id) => requireCoupon(store, id, 'id')),
    updateRoute('/v1/coupons/:id', updateSchema, updateCoupon),
  ],
  // Coupon ids are free-form, so this resolver goes last.
  resolve: (store, id) => store.coupons.get(id),
};
