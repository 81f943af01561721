import type Stripe from 'stripe';
import type { z } from 'zod';
import { invalidParam, invalidRequest, resourceMissing } from '../../errors.js';
import type { Store } from '../../store.js';
import type { FeaturesInput, pauseParam, productParam } from './schemas.js';

// What a configuration's `features` hold: the defaults, how params merge in, and the rules they obey.

type Features = Stripe.BillingPortal.Configuration.Features;

export const DEFAULT_FEATURES: Features = {
  customer_update: { allowed_updates: [], enabled: false },
  invoice_history: { enabled: false },
  payment_method_update: { enabled: false, payment_method_configuration: null },
  subscription_cancel: {
    cancellation_reason: {
      enabled: false,
      feedback_options: null,
      options: ['too_expensive', 'missing_features', 'switched_service', 'unused', 'other'],
    },
    enabled: false,
    mode: 'at_period_end',
    proration_behavior: 'none',
  },
  subscription_pause: {
    duration: { interval_options: [{ interval: 'month', interval_count: 1 }], type: 'interval_options' },
    enabled: false,
  },
  subscription_update: {
    billing_cycle_anchor: null,
    default_allowed_updates: [],
    enabled: false,
    products: [],
    proration_behavior: 'none',
    schedule_at_period_end: { conditions: [] },
    trial_update_behavior: 'end_trial',
  },
};

export function mergeFeatures(store: Store, current: Features, input: FeaturesInput): Features {
  const {
    customer_update: customerUpdate,
    invoice_history: invoiceHistory,
    payment_method_update: paymentMethodUpdate,
    subscription_cancel: cancel,
    subscription_pause: pause,
    subscription_update: update,
  } = input;

  if (paymentMethodUpdate?.payment_method_configuration) {
    // There are no payment method configurations in the emulator, so no id can exist.
    throw resourceMissing(
      'payment_method_configuration',
      paymentMethodUpdate.payment_method_configuration,
      'features[payment_method_update][payment_method_configuration]',
    );
  }
  if (pause?.duration) validatePauseDuration(pause.duration);
  if (update?.products) validateProducts(store, update.products);

  return {
    customer_update: {
      ...current.customer_update,
      ...(customerUpdate?.enabled !== undefined && { enabled: customerUpdate.enabled }),
      ...(customerUpdate?.allowed_updates !== undefined && { allowed_updates: customerUpdate.allowed_updates ?? [] }),
    },
    invoice_history: invoiceHistory ? { enabled: invoiceHistory.enabled } : current.invoice_history,
    payment_method_update: paymentMethodUpdate
      ? { enabled: paymentMethodUpdate.enabled, payment_method_configuration: null }
      : current.payment_method_update,
    subscription_cancel: {
      ...current.subscription_cancel,
      ...(cancel?.enabled !== undefined && { enabled: cancel.enabled }),
      ...(cancel?.mode !== undefined && { mode: cancel.mode }),
      ...(cancel?.proration_behavior !== undefined && { proration_behavior: cancel.proration_behavior }),
      ...(cancel?.cancellation_reason !== undefined && {
        cancellation_reason: {
          ...current.subscription_cancel.cancellation_reason,
          enabled: cancel.cancellation_reason.enabled,
          ...(cancel.cancellation_reason.options !== undefined && { options: cancel.cancellation_reason.options ?? [] }),
        },
      }),
    },
    subscription_pause: {
      ...current.subscription_pause,
      ...(pause?.enabled !== undefined && { enabled: pause.enabled }),
      ...(pause?.duration !== undefined && {
        duration: {
          type: pause.duration.type,
          interval_options: (pause.duration.interval_options ?? []).map((option) => ({
            interval: option.interval,
            interval_count: option.interval_count ?? 1,
          })),
        },
      }),
    },
    subscription_update: {
      ...current.subscription_update,
      ...(update?.enabled !== undefined && { enabled: update.enabled }),
      ...(update?.default_allowed_updates !== undefined && { default_allowed_updates: update.default_allowed_updates ?? [] }),
      ...(update?.proration_behavior !== undefined && { proration_behavior: update.proration_behavior }),
      ...(update?.billing_cycle_anchor !== undefined && { billing_cycle_anchor: update.billing_cycle_anchor }),
      ...(update?.trial_update_behavior !== undefined && { trial_update_behavior: update.trial_update_behavior }),
      ...(update?.schedule_at_period_end !== undefined && {
        schedule_at_period_end: { conditions: update.schedule_at_period_end.conditions ?? [] },
      }),
      ...(update?.products !== undefined && {
        products: (update.products ?? []).map((product) => ({
          product: product.product,
          prices: product.prices,
          adjustable_quantity: {
            enabled: product.adjustable_quantity?.enabled ?? false,
            maximum: product.adjustable_quantity?.maximum ?? null,
            minimum: product.adjustable_quantity?.minimum ?? 1,
          },
        })),
      }),
    },
  };
}

/** Longest pause Stripe allows, per interval: three years. */
const MAX_PAUSE: Readonly<Record<'day' | 'week' | 'month' | 'year', number>> = { day: 1095, week: 156, month: 36, year: 3 };

function validatePauseDuration(duration: NonNullable<z.output<typeof pauseParam>['duration']>): void {
  const param = 'features[subscription_pause][duration][interval_options]';
  const options = duration.interval_options ?? [];
  if (duration.type === 'interval_options' && options.length === 0) {
    throw invalidParam('`interval_options` is required when `type` is `interval_options`.', param);
  }
  if (duration.type === 'indefinite' && options.length > 0) {
    throw invalidParam('`interval_options` can only be set when `type` is `interval_options`.', param);
  }
  options.forEach((option, index) => {
    if ((option.interval_count ?? 1) > MAX_PAUSE[option.interval]) {
      throw invalidParam(
        `The maximum pause duration is three years (${MAX_PAUSE[option.interval]} ${option.interval}s).`,
        `${param}[${index}][interval_count]`,
      );
    }
  });
}

/** Every listed product and price exists, each price belongs to its product and is recurring. */
function validateProducts(store: Store, products: readonly z.output<typeof productParam>[] | null): void {
  if (products && products.length > 10) {
    throw invalidParam('You can offer at most 10 products for subscription updates.', 'features[subscription_update][products]');
  }
  (products ?? []).forEach((entry, index) => {
    const param = `features[subscription_update][products][${index}]`;
    if (!store.products.has(entry.product)) throw resourceMissing('product', entry.product, `${param}[product]`);
    if (entry.prices.length === 0) throw invalidParam('Invalid array', `${param}[prices]`);
    entry.prices.forEach((priceId, priceIndex) => {
      const price = store.prices.get(priceId);
      const priceParam = `${param}[prices][${priceIndex}]`;
      if (!price) throw resourceMissing('price', priceId, priceParam);
      if (price.product !== entry.product) {
        throw invalidParam(`The price \`${priceId}\` does not belong to the product \`${entry.product}\`.`, priceParam);
      }
      if (price.type !== 'recurring') {
        throw invalidParam(
          `The price \`${priceId}\` is not recurring. Only recurring prices can be offered for subscription updates.`,
          priceParam,
        );
      }
    });
    const quantity = entry.adjustable_quantity;
    if (quantity?.minimum !== undefined && quantity.maximum !== undefined && quantity.minimum > quantity.maximum) {
      throw invalidParam(
        `The minimum quantity (${quantity.minimum}) cannot be greater than the maximum quantity (${quantity.maximum}).`,
        `${param}[adjustable_quantity][minimum]`,
      );
    }
  });
}

/** Rules that look at the configuration as a whole, after an update is merged in. */
export function validateCombination(features: Features): void {
  if (features.subscription_update.enabled && !features.payment_method_update.enabled) {
    throw invalidRequest('Cannot enable subscription updates while payment method update is disabled.');
  }
  const cancel = features.subscription_cancel;
  if (cancel.proration_behavior === 'always_invoice') {
    throw invalidParam(
      'Invalid features[subscription_cancel][proration_behavior]: must be one of none or create_prorations',
      'features[subscription_cancel][proration_behavior]',
    );
  }
  if (cancel.proration_behavior === 'create_prorations' && cancel.mode !== 'immediately') {
    throw invalidParam(
      '`proration_behavior` can only be `create_prorations` when `mode` is `immediately`: no prorations are created when a subscription is canceled at the end of its period.',
      'features[subscription_cancel][proration_behavior]',
    );
  }
}
