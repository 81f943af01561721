import type Stripe from 'stripe';
import { z } from 'zod';
import { invalidParam, invalidRequest, resourceMissing } from '../errors.js';
import { changedAttributes, recordEvent } from '../events.js';
import { listObject, newestFirst } from '../list.js';
import {
  emptyable,
  formArray,
  formBool,
  formInt,
  mergeMetadata,
  metadataParam,
  noParams,
  paginationShape,
  parseParams,
} from '../params.js';
import { requireUrl } from '../portal/urls.js';
import { pathParam, type EmulatorConfig, type EmulatorModule } from '../router.js';
import { randomString, type Store } from '../store.js';

/**
 * Customer portal configurations (`/v1/billing_portal/configurations`): which features a portal
 * session offers. Stripe's default configuration is the one saved in the Dashboard; the emulator has
 * no Dashboard, so the first configuration created becomes the default. `is_default` is read-only,
 * as on Stripe.
 */

type Configuration = Stripe.BillingPortal.Configuration;
type Features = Stripe.BillingPortal.Configuration.Features;
export type PortalProduct = Stripe.BillingPortal.Configuration.Features.SubscriptionUpdate.Product;

const cancellationReasons = z.enum([
  'customer_service',
  'low_quality',
  'missing_features',
  'other',
  'switched_service',
  'too_complex',
  'too_expensive',
  'unused',
]);
const customerUpdates = z.enum(['address', 'email', 'name', 'phone', 'shipping', 'tax_id']);
const subscriptionUpdates = z.enum(['price', 'promotion_code', 'quantity']);
const prorationBehavior = z.enum(['always_invoice', 'create_prorations', 'none']);

const productParam = z.strictObject({
  product: z.string(),
  prices: formArray(z.string()),
  adjustable_quantity: z
    .strictObject({
      enabled: formBool(),
      maximum: formInt(z.number().int().min(1)).optional(),
      minimum: formInt(z.number().int().min(0)).optional(),
    })
    .optional(),
});

const pauseParam = z.strictObject({
  enabled: formBool().optional(),
  duration: z
    .strictObject({
      type: z.enum(['indefinite', 'interval_options']),
      interval_options: emptyable(
        formArray(
          z.strictObject({
            interval: z.enum(['day', 'week', 'month', 'year']),
            interval_count: formInt(z.number().int().min(1)).optional(),
          }),
        ),
      ).optional(),
    })
    .optional(),
});

/** The feature params. Create requires each given feature's `enabled` (and reason `options`); update does not. */
function featuresParam(mode: 'create' | 'update') {
  const enabled = mode === 'create' ? formBool() : formBool().optional();
  const reasonOptions = emptyable(formArray(cancellationReasons));
  return z.strictObject({
    customer_update: z
      .strictObject({ enabled, allowed_updates: emptyable(formArray(customerUpdates)).optional() })
      .optional(),
    invoice_history: z.strictObject({ enabled: formBool() }).optional(),
    payment_method_update: z
      .strictObject({ enabled: formBool(), payment_method_configuration: emptyable(z.string()).optional() })
      .optional(),
    subscription_cancel: z
      .strictObject({
        enabled,
        mode: z.enum(['at_period_end', 'immediately']).optional(),
        proration_behavior: prorationBehavior.optional(),
        cancellation_reason: z
          .strictObject({
            enabled: formBool(),
            options: mode === 'create' ? reasonOptions : reasonOptions.optional(),
          })
          .optional(),
      })
      .optional(),
    subscription_pause: pauseParam.optional(),
    subscription_update: z
      .strictObject({
        enabled,
        default_allowed_updates: emptyable(formArray(subscriptionUpdates)).optional(),
        products: emptyable(formArray(productParam)).optional(),
        proration_behavior: prorationBehavior.optional(),
        billing_cycle_anchor: z.enum(['now', 'unchanged']).optional(),
        trial_update_behavior: z.enum(['continue_trial', 'end_trial']).optional(),
        schedule_at_period_end: z
          .strictObject({
            conditions: emptyable(
              formArray(z.strictObject({ type: z.enum(['decreasing_item_amount', 'shortening_interval']) })),
            ).optional(),
          })
          .optional(),
      })
      .optional(),
  });
}

const businessProfileShape = {
  headline: emptyable(z.string().max(60)).optional(),
  privacy_policy_url: emptyable(z.string()).optional(),
  terms_of_service_url: emptyable(z.string()).optional(),
};

const createSchema = z.strictObject({
  features: featuresParam('create'),
  business_profile: z.strictObject(businessProfileShape).optional(),
  default_return_url: emptyable(z.string()).optional(),
  login_page: z.strictObject({ enabled: formBool() }).optional(),
  metadata: metadataParam().optional(),
  name: emptyable(z.string()).optional(),
});

const updateSchema = z.strictObject({
  active: formBool().optional(),
  features: featuresParam('update').optional(),
  business_profile: z.strictObject(businessProfileShape).optional(),
  default_return_url: emptyable(z.string()).optional(),
  login_page: z.strictObject({ enabled: formBool() }).optional(),
  metadata: metadataParam().optional(),
  name: emptyable(z.string()).optional(),
});

const listSchema = z.strictObject({
  ...paginationShape,
  active: formBool().optional(),
  is_default: formBool().optional(),
});

type FeaturesInput = NonNullable<z.output<typeof updateSchema>['features']>;
export type ConfigurationCreateInput = z.output<typeof createSchema>;
export type ConfigurationUpdateInput = z.output<typeof updateSchema>;

/** The hosted login page of a configuration: a token in its URL, pointing back at the configuration. */
export interface PortalLoginPage {
  id: string;
  configuration: string;
}

export const LOGIN_PAGES = 'portal_login_pages';

/** `features.subscription_update.products` is includable: Stripe returns it only when expanded. */
const PRODUCTS_PATH = 'features.subscription_update.products';

const DEFAULT_FEATURES: Features = {
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

export function requireConfiguration(store: Store, id: string, param = 'configuration'): Configuration {
  const configuration = store.billing_portal_configurations.get(id);
  if (!configuration) throw resourceMissing('billing_portal.configuration', id, param);
  return configuration;
}

/** The configuration sessions use when none is named. */
export function defaultConfiguration(store: Store): Configuration | undefined {
  return store.billing_portal_configurations.find((configuration) => configuration.is_default);
}

/** The products and prices the configuration lets a customer switch between. */
export function portalProducts(configuration: Configuration): PortalProduct[] {
  return configuration.features.subscription_update.products ?? [];
}

/**
 * The quantities a customer may choose for a product in the portal, or null when its quantity is
 * fixed: the product's `adjustable_quantity` when enabled, else any quantity from 1 when
 * `default_allowed_updates` includes `quantity`.
 */
export function quantityBounds(configuration: Configuration, productId: string): { minimum: number; maximum: number | null } | null {
  const update = configuration.features.subscription_update;
  const adjustable = portalProducts(configuration).find((product) => product.product === productId)?.adjustable_quantity;
  if (adjustable?.enabled) return { minimum: adjustable.minimum, maximum: adjustable.maximum };
  return update.default_allowed_updates.includes('quantity') ? { minimum: 1, maximum: null } : null;
}

/** Whether the configuration offers `priceId` in its subscription update feature. */
export function configurationOffersPrice(configuration: Configuration, priceId: string): boolean {
  return portalProducts(configuration).some((product) => product.prices.includes(priceId));
}

/** The API representation: the includable `products` list only when the request expanded it. */
export function presentConfiguration(configuration: Configuration, expand: readonly string[], prefix = ''): Configuration {
  if (expand.includes(`${prefix}${PRODUCTS_PATH}`)) return configuration;
  const { products: _products, ...subscriptionUpdate } = configuration.features.subscription_update;
  return { ...configuration, features: { ...configuration.features, subscription_update: subscriptionUpdate } };
}

function mergeFeatures(store: Store, current: Features, input: FeaturesInput): Features {
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
      throw invalidParam(`The maximum pause duration is three years (${MAX_PAUSE[option.interval]} ${option.interval}s).`, `${param}[${index}][interval_count]`);
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
function validateCombination(features: Features): void {
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

function businessProfile(
  current: Stripe.BillingPortal.Configuration.BusinessProfile,
  input: ConfigurationCreateInput['business_profile'],
): Stripe.BillingPortal.Configuration.BusinessProfile {
  if (!input) return current;
  if (input.privacy_policy_url) requireUrl(input.privacy_policy_url, 'business_profile[privacy_policy_url]');
  if (input.terms_of_service_url) requireUrl(input.terms_of_service_url, 'business_profile[terms_of_service_url]');
  return {
    headline: input.headline !== undefined ? input.headline : current.headline,
    privacy_policy_url: input.privacy_policy_url !== undefined ? input.privacy_policy_url : current.privacy_policy_url,
    terms_of_service_url:
      input.terms_of_service_url !== undefined ? input.terms_of_service_url : current.terms_of_service_url,
  };
}

function loginPage(
  store: Store,
  config: EmulatorConfig,
  configurationId: string,
  enabled: boolean,
  current: Stripe.BillingPortal.Configuration.LoginPage,
): Stripe.BillingPortal.Configuration.LoginPage {
  const pages = store.extra<PortalLoginPage>(LOGIN_PAGES);
  if (!enabled) {
    for (const page of pages.filter((page) => page.configuration === configurationId)) pages.delete(page.id);
    return { enabled: false, url: null };
  }
  if (current.enabled && current.url) return current;
  const token = `test_${randomString(32)}`;
  pages.set({ id: token, configuration: configurationId });
  return { enabled: true, url: `${config.baseUrl}/p/login/${token}` };
}

export function createConfiguration(store: Store, config: EmulatorConfig, params: ConfigurationCreateInput): Configuration {
  const features = mergeFeatures(store, DEFAULT_FEATURES, params.features);
  validateCombination(features);
  if (params.default_return_url) requireUrl(params.default_return_url, 'default_return_url');
  const id = store.newId('bpc');
  const now = store.now();
  const configuration: Configuration = {
    id,
    object: 'billing_portal.configuration',
    active: true,
    application: null,
    business_profile: businessProfile({ headline: null, privacy_policy_url: null, terms_of_service_url: null }, params.business_profile),
    created: now,
    default_return_url: params.default_return_url ?? null,
    features,
    is_default: defaultConfiguration(store) === undefined,
    livemode: false,
    login_page: loginPage(store, config, id, params.login_page?.enabled ?? false, { enabled: false, url: null }),
    metadata: mergeMetadata({}, params.metadata),
    name: params.name ?? null,
    updated: now,
  };
  store.billing_portal_configurations.set(configuration);
  recordEvent(store, 'billing_portal.configuration.created', presentConfiguration(configuration, []));
  return configuration;
}

export function updateConfiguration(
  store: Store,
  config: EmulatorConfig,
  id: string,
  params: ConfigurationUpdateInput,
): Configuration {
  const before = requireConfiguration(store, id, 'configuration');
  if (params.active === false && before.is_default) {
    throw invalidParam('The default configuration cannot be deactivated.', 'active');
  }
  const features = params.features ? mergeFeatures(store, before.features, params.features) : before.features;
  validateCombination(features);
  if (params.default_return_url) requireUrl(params.default_return_url, 'default_return_url');
  const after: Configuration = {
    ...before,
    ...(params.active !== undefined && { active: params.active }),
    ...(params.default_return_url !== undefined && { default_return_url: params.default_return_url }),
    ...(params.name !== undefined && { name: params.name }),
    ...(params.login_page !== undefined && {
      login_page: loginPage(store, config, id, params.login_page.enabled, before.login_page),
    }),
    business_profile: businessProfile(before.business_profile, params.business_profile),
    features,
    metadata: mergeMetadata(before.metadata ?? {}, params.metadata),
  };
  const previous = changedAttributes(before, after);
  if (!previous) return before;
  const updated = { ...after, updated: store.now() };
  store.billing_portal_configurations.set(updated);
  if (previous.features) previous.features = presentConfiguration(before, []).features;
  recordEvent(store, 'billing_portal.configuration.updated', presentConfiguration(updated, []), previous);
  return updated;
}

function listConfigurations(store: Store, params: z.output<typeof listSchema>): Stripe.ApiList<Configuration> {
  const configurations = store.billing_portal_configurations.filter(
    (configuration) =>
      (params.active === undefined || configuration.active === params.active) &&
      (params.is_default === undefined || configuration.is_default === params.is_default),
  );
  return listObject(newestFirst(configurations), params, '/v1/billing_portal/configurations', 'billing_portal.configuration');
}

export const billingPortalConfigurationsModule: EmulatorModule = {
  name: 'billing_portal.configurations',
  apiRoutes: [
    {
      method: 'POST',
      path: '/v1/billing_portal/configurations',
      handler: ({ store, config, params, expand }) =>
        presentConfiguration(createConfiguration(store, config, parseParams(createSchema, params)), expand),
    },
    {
      method: 'GET',
      path: '/v1/billing_portal/configurations',
      handler: ({ store, params, expand }) => {
        const list = listConfigurations(store, parseParams(listSchema, params));
        return { ...list, data: list.data.map((configuration) => presentConfiguration(configuration, expand, 'data.')) };
      },
    },
    {
      method: 'GET',
      path: '/v1/billing_portal/configurations/:id',
      handler: (request) => {
        parseParams(noParams, request.params);
        return presentConfiguration(requireConfiguration(request.store, pathParam(request, 'id'), 'configuration'), request.expand);
      },
    },
    {
      method: 'POST',
      path: '/v1/billing_portal/configurations/:id',
      handler: (request) =>
        presentConfiguration(
          updateConfiguration(request.store, request.config, pathParam(request, 'id'), parseParams(updateSchema, request.params)),
          request.expand,
        ),
    },
  ],
  resolve: (store, id) => {
    const configuration = id.startsWith('bpc_') ? store.billing_portal_configurations.get(id) : undefined;
    return configuration && presentConfiguration(configuration, []);
  },
};
