import { z } from 'zod';
import { LOCALES, type Locale } from '@/lib/i18n/config';
import type { LocalizedText } from '@/lib/i18n/localized-text';
import {
  billingCycleAnchorSchema,
  featureSchema,
  scheduleAtPeriodEndSchema,
  trialSchema,
  trialUpdateBehaviorSchema,
} from './config-plan-schemas';
import { flowByConfigName, type FlowConfigName } from './flow-table';

/**
 * The shape of billing.config.ts: everything about billing that lives in Stripe
 * (products, prices, coupons, promotion codes, portal configurations) plus how
 * each portal flow behaves. `npm run stripe:setup` applies it; `stripe:doctor`
 * compares it with Stripe. Validated when loaded, so an impossible combination is
 * an error at start-up that says what to fix.
 */

const key = z.string().regex(/^[a-z][a-z0-9_]{1,38}$/, 'must be lower_snake_case, 2–39 characters, starting with a letter');

/** A string for every language, or one per language (lib/i18n/localized-text.ts). */
function localized(text: z.ZodString): z.ZodType<LocalizedText> {
  const perLocale = Object.fromEntries(LOCALES.map((locale) => [locale, text])) as Record<Locale, z.ZodString>;
  return z.union([text, z.strictObject(perLocale)]);
}

const priceSchema = z.strictObject({
  /** Stable identity in Stripe (`lookup_key`); the pricing page and tests refer to prices by it. */
  lookupKey: key,
  /** In the currency's smallest unit (cents). */
  unitAmount: z.number().int().nonnegative(),
  currency: z
    .string()
    .regex(/^[a-z]{3}$/, 'must be a lowercase ISO currency code such as "usd"')
    .default('usd'),
  interval: z.enum(['month', 'year']),
});

const productSchema = z.strictObject({
  key,
  name: z.string().min(1).max(250),
  /** Shown on the pricing page; Stripe's product gets the default language's. */
  description: localized(z.string().max(500)).optional(),
  /**
   * Shown on the pricing page, in order; a feature with a `key` is also what the plan unlocks
   * (lib/billing/entitlements.ts).
   */
  features: z.array(featureSchema(localized(z.string().min(1)))).default([]),
  /** Another product (by key) whose keyed features this one unlocks too ("Everything in Pro"). */
  includes: key.optional(),
  /** A free trial for new subscribers (config-plan-schemas.ts). */
  trial: trialSchema.optional(),
  /** Marks the plan the pricing page highlights. */
  highlight: z.boolean().default(false),
  prices: z.array(priceSchema).min(1, 'needs at least one price'),
});

const couponSchema = z
  .strictObject({
    /** Used as the coupon's id in Stripe, which coupons allow. */
    id: key,
    name: z.string().min(1).max(40),
    percentOff: z.number().gt(0).max(100).optional(),
    amountOff: z.number().int().positive().optional(),
    currency: z
      .string()
      .regex(/^[a-z]{3}$/)
      .optional(),
    duration: z.enum(['once', 'repeating', 'forever']),
    durationInMonths: z.number().int().positive().optional(),
  })
  .superRefine((coupon, ctx) => {
    if ((coupon.percentOff === undefined) === (coupon.amountOff === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'set exactly one of percentOff and amountOff' });
    }
    if (coupon.amountOff !== undefined && !coupon.currency) {
      ctx.addIssue({ code: 'custom', path: ['currency'], message: 'is required with amountOff' });
    }
    if ((coupon.duration === 'repeating') !== (coupon.durationInMonths !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['durationInMonths'],
        message: 'is required with duration "repeating", and only then',
      });
    }
  });

const promotionCodeSchema = z.strictObject({
  /** What customers type, e.g. SWITCH10. */
  code: z.string().regex(/^[A-Z0-9-]{3,40}$/, 'must be 3–40 uppercase letters, digits or "-" (the characters Stripe accepts)'),
  coupon: key,
  active: z.boolean().default(true),
});

const cancellationReason = z.enum([
  'customer_service',
  'low_quality',
  'missing_features',
  'other',
  'switched_service',
  'too_complex',
  'too_expensive',
  'unused',
]);

const MAX_PAUSE = { day: 1095, week: 156, month: 36, year: 3 } as const;

/** One preset pause duration: `interval_count` × `interval`, at most three years (Stripe's limit). */
const pauseDurationSchema = z
  .strictObject({
    interval: z.enum(['day', 'week', 'month', 'year']),
    count: z.number().int().min(1).default(1),
  })
  .refine((option) => option.count <= MAX_PAUSE[option.interval], {
    message: 'is longer than three years, the longest pause Stripe allows',
  });

/** Seats: the bounds of the quantity a customer may choose for one product. */
const adjustableQuantitySchema = z
  .strictObject({
    minimum: z.number().int().min(1).default(1),
    /** No maximum: any quantity from `minimum` up. */
    maximum: z.number().int().min(1).optional(),
  })
  .refine((bounds) => bounds.maximum === undefined || bounds.minimum <= bounds.maximum, {
    message: 'minimum must not be above maximum',
  });

const portalConfigurationSchema = z.strictObject({
  /** Name shown in the Stripe dashboard; the configuration is found again by its key in metadata. */
  name: z.string().min(1).max(256),
  headline: z.string().max(60).optional(),
  privacyPolicyUrl: z.url().optional(),
  termsOfServiceUrl: z.url().optional(),
  invoiceHistory: z.boolean().default(true),
  customerUpdate: z.array(z.enum(['address', 'email', 'name', 'phone', 'shipping', 'tax_id'])).default([]),
  paymentMethodUpdate: z.boolean().default(true),
  subscriptionCancel: z
    .strictObject({
      mode: z.enum(['at_period_end', 'immediately']),
      /** Stripe: `none`, or `create_prorations` (a refund of the unused time) with `mode: 'immediately'` only. */
      prorationBehavior: z.enum(['none', 'create_prorations']).default('none'),
      /** Reasons the portal asks for; an empty list asks for none. */
      reasons: z.array(cancellationReason).default([]),
    })
    .nullable(),
  subscriptionUpdate: z
    .strictObject({
      /** Product keys the customer may switch between; every price of each is offered. */
      products: z.array(key).min(1),
      allowedUpdates: z.array(z.enum(['price', 'quantity', 'promotion_code'])).default(['price', 'promotion_code']),
      prorationBehavior: z.enum(['none', 'create_prorations', 'always_invoice']).default('create_prorations'),
      /**
       * Products sold per seat, by key, with the quantities a customer may choose (Stripe's
       * `products[].adjustable_quantity`); each must be one of `products`.
       */
      adjustableQuantity: z.record(key, adjustableQuantitySchema).default({}),
      /** Changes that wait for the end of the paid period (e.g. a downgrade); absent: every change is at once. */
      scheduleAtPeriodEnd: scheduleAtPeriodEndSchema.optional(),
      trialUpdateBehavior: trialUpdateBehaviorSchema,
      billingCycleAnchor: billingCycleAnchorSchema,
    })
    .nullable(),
  /**
   * "Pause": `durations` the customer chooses from (Stripe's `interval_options`), or
   * `'indefinite'` for a pause until the customer resumes. Null turns pausing off.
   */
  subscriptionPause: z
    .strictObject({ durations: z.union([z.literal('indefinite'), z.array(pauseDurationSchema)]) })
    .nullable()
    .default(null),
});

const afterCompletionSchema = z.discriminatedUnion('type', [
  /** Back to our landing page for the flow (/account/payment-method-updated, …). */
  z.strictObject({ type: z.literal('redirect') }),
  /** Stripe shows a confirmation page with this message and a link back. */
  z.strictObject({ type: z.literal('hosted_confirmation'), message: localized(z.string().min(1).max(500)).optional() }),
  /** Stripe shows the portal's homepage. */
  z.strictObject({ type: z.literal('portal_homepage') }),
]);

const flowSchema = z.strictObject({
  /** Key of a portal configuration in `portalConfigurations`. */
  configuration: key.default('default'),
  afterCompletion: afterCompletionSchema.default({ type: 'redirect' }),
});

const billingConfigSchema = z
  .strictObject({
    products: z.array(productSchema).min(1),
    coupons: z.array(couponSchema).default([]),
    promotionCodes: z.array(promotionCodeSchema).default([]),
    portalConfigurations: z.record(key, portalConfigurationSchema),
    flows: z.strictObject({
      /** "Update card" */
      paymentMethodUpdate: flowSchema,
      /** "Cancel"; `retentionCoupon` offers that coupon before the customer confirms. */
      subscriptionCancel: flowSchema.extend({ retentionCoupon: key.optional() }),
      /** "Change plan" */
      subscriptionUpdate: flowSchema,
      /** "Switch to …" on the pricing page, and the seat stepper on the account page. */
      subscriptionUpdateConfirm: flowSchema,
      /** "Edit billing details": the fields the configuration's `customerUpdate` allows. Absent: no button. */
      customerUpdate: flowSchema.optional(),
      /** "Pause", on each subscription that can pause; "Resume" on a paused one. Absent: no button. */
      subscriptionPause: flowSchema.optional(),
      /** "Manage billing": the portal homepage, no flow. */
      manageBilling: z.strictObject({ configuration: key.default('default') }),
    }),
  })
  .superRefine((config, ctx) => {
    const productKeys = new Set<string>();
    const lookupKeys = new Set<string>();
    config.products.forEach((product, index) => {
      if (productKeys.has(product.key)) {
        ctx.addIssue({ code: 'custom', path: ['products', index, 'key'], message: `duplicate product key "${product.key}"` });
      }
      productKeys.add(product.key);
      product.prices.forEach((price, priceIndex) => {
        if (lookupKeys.has(price.lookupKey)) {
          ctx.addIssue({
            code: 'custom',
            path: ['products', index, 'prices', priceIndex, 'lookupKey'],
            message: `duplicate lookup key "${price.lookupKey}"`,
          });
        }
        lookupKeys.add(price.lookupKey);
      });
    });

    config.products.forEach((product, index) => {
      if (product.includes !== undefined && (product.includes === product.key || !productKeys.has(product.includes))) {
        ctx.addIssue({
          code: 'custom',
          path: ['products', index, 'includes'],
          message: product.includes === product.key ? 'cannot include the product itself' : `unknown product "${product.includes}"`,
        });
      }
    });

    const couponIds = new Set(config.coupons.map((coupon) => coupon.id));
    config.promotionCodes.forEach((promotion, index) => {
      if (!couponIds.has(promotion.coupon)) {
        ctx.addIssue({
          code: 'custom',
          path: ['promotionCodes', index, 'coupon'],
          message: `unknown coupon "${promotion.coupon}"; declare it in coupons`,
        });
      }
    });

    if (!config.portalConfigurations.default) {
      ctx.addIssue({
        code: 'custom',
        path: ['portalConfigurations'],
        message: 'needs a "default" configuration: Stripe uses it for every portal session that names none',
      });
    }
    for (const [name, portal] of Object.entries(config.portalConfigurations)) {
      // Stripe refuses this combination with "Cannot enable subscription updates
      // while payment method update is disabled."; say so before any API call.
      if (portal.subscriptionUpdate && !portal.paymentMethodUpdate) {
        ctx.addIssue({
          code: 'custom',
          path: ['portalConfigurations', name, 'subscriptionUpdate'],
          message: 'needs paymentMethodUpdate: true (Stripe cannot enable subscription updates while payment method update is disabled)',
        });
      }
      portal.subscriptionUpdate?.products.forEach((product, index) => {
        if (!productKeys.has(product)) {
          ctx.addIssue({
            code: 'custom',
            path: ['portalConfigurations', name, 'subscriptionUpdate', 'products', index],
            message: `unknown product "${product}"`,
          });
        }
      });
      for (const product of Object.keys(portal.subscriptionUpdate?.adjustableQuantity ?? {})) {
        if (!portal.subscriptionUpdate?.products.includes(product)) {
          ctx.addIssue({
            code: 'custom',
            path: ['portalConfigurations', name, 'subscriptionUpdate', 'adjustableQuantity', product],
            message: `product "${product}" is not one of subscriptionUpdate.products, so the portal does not offer it and its quantity cannot be adjustable`,
          });
        }
      }
      // Stripe: "`proration_behavior` can only be `create_prorations` when `mode` is `immediately`".
      if (portal.subscriptionCancel?.prorationBehavior === 'create_prorations' && portal.subscriptionCancel.mode !== 'immediately') {
        ctx.addIssue({
          code: 'custom',
          path: ['portalConfigurations', name, 'subscriptionCancel', 'prorationBehavior'],
          message:
            'can be "create_prorations" only with mode "immediately": a cancellation at the period\'s end leaves no unused time to refund',
        });
      }
      const pause = portal.subscriptionPause;
      if (pause && pause.durations !== 'indefinite' && pause.durations.length === 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['portalConfigurations', name, 'subscriptionPause', 'durations'],
          message: 'lists no duration: give at least one (e.g. { interval: "month", count: 1 }), or "indefinite" for a pause until resumed',
        });
      }
    }

    for (const [flow, settings] of Object.entries(config.flows)) {
      if (!settings) continue;
      const portal = config.portalConfigurations[settings.configuration];
      if (!portal) {
        ctx.addIssue({
          code: 'custom',
          path: ['flows', flow, 'configuration'],
          message: `unknown portal configuration "${settings.configuration}"`,
        });
        continue;
      }
      // "Manage billing" opens the homepage, which every configuration has.
      const problem = flowByConfigName(flow)?.refusal(portal) ?? null;
      if (problem) {
        ctx.addIssue({
          code: 'custom',
          path: ['flows', flow, 'configuration'],
          message: `portal configuration "${settings.configuration}" ${problem}, so this flow could not run`,
        });
      }
    }
    const retention = config.flows.subscriptionCancel.retentionCoupon;
    if (retention && !couponIds.has(retention)) {
      ctx.addIssue({
        code: 'custom',
        path: ['flows', 'subscriptionCancel', 'retentionCoupon'],
        message: `unknown coupon "${retention}"; declare it in coupons`,
      });
    }
  });

export type BillingConfigInput = z.input<typeof billingConfigSchema>;
export type BillingConfig = z.output<typeof billingConfigSchema>;
export type ProductConfig = BillingConfig['products'][number];
export type PriceConfig = ProductConfig['prices'][number];
export type CouponConfig = BillingConfig['coupons'][number];
export type PortalConfigurationConfig = BillingConfig['portalConfigurations'][string];
export type AfterCompletionConfig = z.output<typeof afterCompletionSchema>;
type FlowName = keyof BillingConfig['flows'];

// `flows` holds the settings of every flow in the FLOWS table, and of "Manage billing".
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
type _FlowSettingsNames = Assert<Same<FlowName, FlowConfigName | 'manageBilling'>>;

export class BillingConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`billing.config.ts is invalid:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'BillingConfigError';
  }
}

/** Validates and fills in defaults; throws BillingConfigError listing every problem. */
export function defineBillingConfig(input: BillingConfigInput): BillingConfig {
  const result = billingConfigSchema.safeParse(input);
  if (!result.success) {
    throw new BillingConfigError(result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`));
  }
  return result.data;
}
