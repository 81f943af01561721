import type Stripe from 'stripe';
import { z } from 'zod';
import { invalidRequest, resourceMissing } from '../errors.js';
import { changedAttributes, recordEvent } from '../events.js';
import { matchesFilters } from '../list.js';
import {
  createRoute,
  formBool,
  formInt,
  inRange,
  listRoute,
  mergeMetadata,
  metadataParam,
  paginationShape,
  rangeQuery,
  retrieveRoute,
  updateRoute,
} from '../params.js';
import { type EmulatorModule } from '../router.js';
import { randomString, type Store } from '../store.js';
import { couponIsValid, redeemCoupon, requireCoupon } from './coupons.js';
import { requireCustomer } from './customers.js';

const createSchema = z.strictObject({
  promotion: z.strictObject({ type: z.enum(['coupon']), coupon: z.string() }),
  code: z
    .string()
    .max(500)
    .regex(/^[A-Za-z0-9-]+$/, 'Invalid code: codes may contain letters, digits and dashes only.')
    .optional(),
  active: formBool().optional(),
  customer: z.string().optional(),
  expires_at: formInt().optional(),
  max_redemptions: formInt(z.number().int().min(1)).optional(),
  metadata: metadataParam().optional(),
  restrictions: z
    .strictObject({
      first_time_transaction: formBool().optional(),
      minimum_amount: formInt(z.number().int().min(0)).optional(),
      minimum_amount_currency: z.string().optional(),
    })
    .optional(),
});

const updateSchema = z.strictObject({
  active: formBool().optional(),
  metadata: metadataParam().optional(),
});

const listSchema = z.strictObject({
  ...paginationShape,
  active: formBool().optional(),
  code: z.string().optional(),
  coupon: z.string().optional(),
  customer: z.string().optional(),
  created: rangeQuery.optional(),
});

type PromotionCodeCreateInput = z.output<typeof createSchema>;

function requirePromotionCode(store: Store, id: string, param = 'promotion_code'): Stripe.PromotionCode {
  const promotionCode = store.promotion_codes.get(id);
  if (!promotionCode) throw resourceMissing('promotion code', id, param);
  return promotionCode;
}

export function couponIdOf(promotionCode: Stripe.PromotionCode): string {
  const coupon = promotionCode.promotion.coupon;
  if (!coupon) throw new Error(`promotion code ${promotionCode.id} has no coupon`);
  return typeof coupon === 'string' ? coupon : coupon.id;
}

function createPromotionCode(store: Store, params: PromotionCodeCreateInput): Stripe.PromotionCode {
  const coupon = requireCoupon(store, params.promotion.coupon, 'promotion[coupon]');
  if (params.customer !== undefined) requireCustomer(store, params.customer, 'customer');
  const code = params.code ?? randomString(8, 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789');
  const active = params.active ?? true;
  if (active && findActiveByCode(store, code)) {
    throw invalidRequest(`An active promotion code with \`code: ${code}\` already exists.`, 'code');
  }
  const restrictions = params.restrictions ?? {};
  if (restrictions.minimum_amount !== undefined && restrictions.minimum_amount_currency === undefined) {
    throw invalidRequest(
      'You must specify `minimum_amount_currency` when `minimum_amount` is set.',
      'restrictions[minimum_amount_currency]',
    );
  }
  const promotionCode: Stripe.PromotionCode = {
    id: store.newId('promo'),
    object: 'promotion_code',
    active,
    code,
    created: store.now(),
    customer: params.customer ?? null,
    customer_account: null,
    expires_at: params.expires_at ?? null,
    livemode: false,
    max_redemptions: params.max_redemptions ?? null,
    metadata: mergeMetadata({}, params.metadata),
    promotion: { coupon: coupon.id, type: 'coupon' },
    restrictions: {
      first_time_transaction: restrictions.first_time_transaction ?? false,
      minimum_amount: restrictions.minimum_amount ?? null,
      minimum_amount_currency: restrictions.minimum_amount_currency?.toLowerCase() ?? null,
    },
    times_redeemed: 0,
  };
  store.promotion_codes.set(promotionCode);
  recordEvent(store, 'promotion_code.created', promotionCode);
  return promotionCode;
}

function updatePromotionCode(store: Store, id: string, params: z.output<typeof updateSchema>): Stripe.PromotionCode {
  const before = requirePromotionCode(store, id, 'id');
  if (params.active === true && !before.active && findActiveByCode(store, before.code)) {
    throw invalidRequest(`An active promotion code with \`code: ${before.code}\` already exists.`, 'active');
  }
  const after: Stripe.PromotionCode = {
    ...before,
    ...(params.active !== undefined && { active: params.active }),
    metadata: mergeMetadata(before.metadata ?? {}, params.metadata),
  };
  const previous = changedAttributes(before, after);
  if (!previous) return before;
  store.promotion_codes.set(after);
  recordEvent(store, 'promotion_code.updated', after, previous);
  return after;
}

function findActiveByCode(store: Store, code: string): Stripe.PromotionCode | undefined {
  const wanted = code.toLowerCase();
  return store.promotion_codes.find((candidate) => candidate.active && candidate.code.toLowerCase() === wanted);
}

/**
 * Checks that a promotion code can be redeemed by `customerId` now, then counts the redemption on
 * the code and its coupon. Returns the coupon id it grants.
 */
export function redeemPromotionCode(store: Store, id: string, customerId: string, param = 'promotion_code'): string {
  const promotionCode = requirePromotionCode(store, id, param);
  const couponId = couponIdOf(promotionCode);
  const usable =
    promotionCode.active &&
    (promotionCode.expires_at === null || promotionCode.expires_at > store.now()) &&
    (promotionCode.max_redemptions === null || promotionCode.times_redeemed < promotionCode.max_redemptions) &&
    (promotionCode.customer === null || promotionCode.customer === customerId) &&
    couponIsValid(store, requireCoupon(store, couponId));
  if (!usable) throw invalidRequest(`This promotion code cannot be redeemed.`, param);
  redeemCoupon(store, couponId, param);
  const redeemed = { ...promotionCode, times_redeemed: promotionCode.times_redeemed + 1 };
  const exhausted = redeemed.max_redemptions !== null && redeemed.times_redeemed >= redeemed.max_redemptions;
  store.promotion_codes.set(exhausted ? { ...redeemed, active: false } : redeemed);
  return couponId;
}

export const promotionCodesModule: EmulatorModule = {
  name: 'promotion_codes',
  apiRoutes: [
    createRoute('/v1/promotion_codes', createSchema, createPromotionCode),
    listRoute('/v1/promotion_codes', listSchema, 'promotion code', (store, params) =>
      store.promotion_codes.filter(
        (promotionCode) =>
          matchesFilters(params, { active: promotionCode.active, coupon: couponIdOf(promotionCode), customer: promotionCode.customer }) &&
          (params.code === undefined || promotionCode.code.toLowerCase() === params.code.toLowerCase()) &&
          inRange(promotionCode.created, params.created),
      ),
    ),
    retrieveRoute('/v1/promotion_codes/:id', (store, id) => requirePromotionCode(store, id, 'id')),
    updateRoute('/v1/promotion_codes/:id', updateSchema, updatePromotionCode),
  ],
  resolve: (store, id) => (id.startsWith('promo_') ? store.promotion_codes.get(id) : undefined),
};
