import type Stripe from 'stripe';
import type { BillingConfig, PortalConfigurationConfig } from '../config-schema';
import { CONFIG_KEY, differences, need, type PlanStep, type ResolvedIds } from './plan';
import { planChangeFingerprint, planChangeParams, type PlanChangeFingerprint } from './plan-changes';

/**
 * Portal configurations in set-up: the parameters billing.config.ts asks for (every feature,
 * including pause and per-product adjustable quantities), and the comparison with what Stripe
 * holds that `stripe:doctor` reports as drift and `stripe:setup` corrects.
 */

type Features = Stripe.BillingPortal.ConfigurationCreateParams.Features;

function subscriptionPauseParams(portal: PortalConfigurationConfig): Features['subscription_pause'] {
  const pause = portal.subscriptionPause;
  if (!pause) return { enabled: false };
  return {
    enabled: true,
    duration:
      pause.durations === 'indefinite'
        ? { type: 'indefinite' }
        : {
            type: 'interval_options',
            interval_options: pause.durations.map((option) => ({ interval: option.interval, interval_count: option.count })),
          },
  };
}

function subscriptionUpdateParams(
  portal: PortalConfigurationConfig,
  config: BillingConfig,
  resolved: ResolvedIds,
): Features['subscription_update'] {
  const update = portal.subscriptionUpdate;
  if (!update) return { enabled: false };
  return {
    enabled: true,
    default_allowed_updates: update.allowedUpdates,
    proration_behavior: update.prorationBehavior,
    ...planChangeParams(update),
    products: update.products.map((productKey) => {
      const product = config.products.find((candidate) => candidate.key === productKey);
      const seats = update.adjustableQuantity[productKey];
      return {
        product: need(resolved, 'product', productKey),
        prices: (product?.prices ?? []).map((price) => need(resolved, 'price', price.lookupKey)),
        adjustable_quantity: seats
          ? { enabled: true, minimum: seats.minimum, ...(seats.maximum !== undefined ? { maximum: seats.maximum } : {}) }
          : { enabled: false },
      };
    }),
  };
}

/** The parameters a portal configuration should have, given the ids resolved so far. */
function portalConfigurationParams(
  key: string,
  portal: PortalConfigurationConfig,
  config: BillingConfig,
  resolved: ResolvedIds,
): Stripe.BillingPortal.ConfigurationCreateParams {
  return {
    name: portal.name,
    business_profile: {
      ...(portal.headline ? { headline: portal.headline } : {}),
      ...(portal.privacyPolicyUrl ? { privacy_policy_url: portal.privacyPolicyUrl } : {}),
      ...(portal.termsOfServiceUrl ? { terms_of_service_url: portal.termsOfServiceUrl } : {}),
    },
    features: {
      invoice_history: { enabled: portal.invoiceHistory },
      customer_update: portal.customerUpdate.length ? { enabled: true, allowed_updates: portal.customerUpdate } : { enabled: false },
      payment_method_update: { enabled: portal.paymentMethodUpdate },
      subscription_cancel: portal.subscriptionCancel
        ? {
            enabled: true,
            mode: portal.subscriptionCancel.mode,
            proration_behavior: portal.subscriptionCancel.prorationBehavior,
            cancellation_reason: portal.subscriptionCancel.reasons.length
              ? { enabled: true, options: portal.subscriptionCancel.reasons }
              : { enabled: false, options: [] },
          }
        : { enabled: false },
      subscription_pause: subscriptionPauseParams(portal),
      subscription_update: subscriptionUpdateParams(portal, config, resolved),
    },
    metadata: { [CONFIG_KEY]: key },
  };
}

type Seats = { minimum: number; maximum: number | null } | null;

/** The parts of a portal configuration we manage, in one comparable shape. */
interface PortalFingerprint {
  name: string | null;
  headline: string | null;
  invoiceHistory: boolean;
  customerUpdate: string[] | null;
  paymentMethodUpdate: boolean;
  cancel: { mode: string; proration: string; reasons: string[] | null } | null;
  /** 'indefinite', or the preset durations as "3 month"; null when pausing is off. */
  pause: string | string[] | null;
  update:
    | ({ allowed: string[]; proration: string; products: { product: string; prices: string[]; seats: Seats }[] } & PlanChangeFingerprint)
    | null;
}

const byProduct = (a: { product: string }, b: { product: string }) => a.product.localeCompare(b.product);

function pauseFingerprint(pause: { enabled?: boolean; duration?: { type: string; interval_options?: unknown } } | undefined) {
  if (!pause?.enabled) return null;
  if (pause.duration?.type === 'indefinite') return 'indefinite';
  const options = (pause.duration?.interval_options || []) as { interval: string; interval_count?: number }[];
  return options.map((option) => `${option.interval_count ?? 1} ${option.interval}`);
}

function fingerprintFromParams(params: Stripe.BillingPortal.ConfigurationCreateParams): PortalFingerprint {
  const f = params.features;
  const cancel = f.subscription_cancel;
  const update = f.subscription_update;
  return {
    name: params.name || null,
    headline: (params.business_profile?.headline as string | undefined) ?? null,
    invoiceHistory: Boolean(f.invoice_history?.enabled),
    customerUpdate: f.customer_update?.enabled ? [...((f.customer_update.allowed_updates as string[]) ?? [])].sort() : null,
    paymentMethodUpdate: Boolean(f.payment_method_update?.enabled),
    cancel: cancel?.enabled
      ? {
          mode: cancel.mode ?? 'at_period_end',
          proration: cancel.proration_behavior ?? 'none',
          reasons: cancel.cancellation_reason?.enabled ? [...((cancel.cancellation_reason.options as string[]) ?? [])].sort() : null,
        }
      : null,
    pause: pauseFingerprint(f.subscription_pause),
    update: update?.enabled
      ? {
          allowed: [...((update.default_allowed_updates as string[]) ?? [])].sort(),
          proration: update.proration_behavior ?? 'none',
          ...planChangeFingerprint(update),
          products: ((update.products || []) as Stripe.BillingPortal.ConfigurationCreateParams.Features.SubscriptionUpdate.Product[])
            .map((item) => ({
              product: item.product,
              prices: [...item.prices].sort(),
              seats: item.adjustable_quantity?.enabled
                ? { minimum: item.adjustable_quantity.minimum ?? 1, maximum: item.adjustable_quantity.maximum ?? null }
                : null,
            }))
            .sort(byProduct),
        }
      : null,
  };
}

function fingerprintFromStripe(configuration: Stripe.BillingPortal.Configuration): PortalFingerprint {
  const f = configuration.features;
  return {
    name: configuration.name ?? null,
    headline: configuration.business_profile?.headline ?? null,
    invoiceHistory: f.invoice_history.enabled,
    customerUpdate: f.customer_update.enabled ? [...f.customer_update.allowed_updates].sort() : null,
    paymentMethodUpdate: f.payment_method_update.enabled,
    cancel: f.subscription_cancel.enabled
      ? {
          mode: f.subscription_cancel.mode,
          proration: f.subscription_cancel.proration_behavior,
          reasons: f.subscription_cancel.cancellation_reason.enabled ? [...f.subscription_cancel.cancellation_reason.options].sort() : null,
        }
      : null,
    pause: pauseFingerprint(f.subscription_pause),
    update: f.subscription_update.enabled
      ? {
          allowed: [...f.subscription_update.default_allowed_updates].sort(),
          proration: f.subscription_update.proration_behavior,
          ...planChangeFingerprint(f.subscription_update),
          products: (f.subscription_update.products ?? [])
            .map((item) => ({
              product: item.product,
              prices: [...item.prices].sort(),
              seats: item.adjustable_quantity?.enabled
                ? { minimum: item.adjustable_quantity.minimum, maximum: item.adjustable_quantity.maximum }
                : null,
            }))
            .sort(byProduct),
        }
      : null,
  };
}

/** One step per portal configuration of billing.config.ts: create it, update it in place, or nothing. */
export function portalSteps(
  stripe: Stripe,
  config: BillingConfig,
  existing: Stripe.BillingPortal.Configuration[],
  known: ResolvedIds,
): PlanStep[] {
  return Object.entries(config.portalConfigurations).map(([key, portal]): PlanStep => {
    const found = existing.find((candidate) => candidate.metadata?.[CONFIG_KEY] === key);
    if (!found) {
      return {
        kind: 'portal_configuration',
        key,
        status: 'create',
        changes: [`new portal configuration "${portal.name}"`],
        apply: async (resolved) => {
          const created = await stripe.billingPortal.configurations.create(portalConfigurationParams(key, portal, config, resolved));
          return created.id;
        },
      };
    }
    // Products and prices that do not exist yet compare as missing, which is a change.
    let wanted: PortalFingerprint | null = null;
    try {
      wanted = fingerprintFromParams(portalConfigurationParams(key, portal, config, known));
    } catch {
      wanted = null;
    }
    const actual = fingerprintFromStripe(found);
    const changes = wanted
      ? differences((Object.keys(actual) as (keyof typeof actual)[]).map((field) => [field, wanted?.[field], actual[field]]))
      : ['products or prices it offers are being created'];
    if (!found.active) changes.push('active: false → true');
    return {
      kind: 'portal_configuration',
      key,
      status: changes.length ? 'update' : 'unchanged',
      changes,
      stripeId: found.id,
      apply: changes.length
        ? async (resolved) => {
            const { metadata: _metadata, ...params } = portalConfigurationParams(key, portal, config, resolved);
            await stripe.billingPortal.configurations.update(found.id, {
              ...params,
              business_profile: { headline: portal.headline ?? '', ...params.business_profile },
              active: true,
            } as Stripe.BillingPortal.ConfigurationUpdateParams);
            return found.id;
          }
        : undefined,
    };
  });
}
