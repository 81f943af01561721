import type Stripe from 'stripe';
import { invalidParam } from '../../errors.js';
import { changedAttributes, recordEvent } from '../../events.js';
import { matchesFilters } from '../../list.js';
import { createRoute, listRoute, mergeMetadata, retrieveRoute, updateRoute } from '../../params.js';
import { requireUrl } from '../../portal/urls.js';
import type { EmulatorConfig, EmulatorModule } from '../../router.js';
import { randomString, type Store } from '../../store.js';
import { DEFAULT_FEATURES, mergeFeatures, validateCombination } from './features.js';
import { defaultConfiguration, LOGIN_PAGES, presentConfiguration, requireConfiguration, type PortalLoginPage } from './queries.js';
import { createSchema, listSchema, updateSchema, type ConfigurationCreateInput, type ConfigurationUpdateInput } from './schemas.js';

export {
  configurationOffersPrice,
  defaultConfiguration,
  LOGIN_PAGES,
  portalProducts,
  presentConfiguration,
  quantityBounds,
  requireConfiguration,
  type PortalLoginPage,
} from './queries.js';

/**
 * Customer portal configurations (`/v1/billing_portal/configurations`): which features a portal
 * session offers. Stripe's default configuration is the one saved in the Dashboard; the emulator has
 * no Dashboard, so the first configuration created becomes the default. `is_default` is read-only,
 * as on Stripe.
 *
 *   schemas.ts    the endpoints' parameters
 *   features.ts   the features' defaults, merging and rules
 *   queries.ts    lookups and the API representation
 */

type Configuration = Stripe.BillingPortal.Configuration;

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
    terms_of_service_url: input.terms_of_service_url !== undefined ? input.terms_of_service_url : current.terms_of_service_url,
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

function createConfiguration(store: Store, config: EmulatorConfig, params: ConfigurationCreateInput): Configuration {
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

function updateConfiguration(store: Store, config: EmulatorConfig, id: string, params: ConfigurationUpdateInput): Configuration {
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

export const billingPortalConfigurationsModule: EmulatorModule = {
  name: 'billing_portal.configurations',
  apiRoutes: [
    createRoute('/v1/billing_portal/configurations', createSchema, (store, params, { config, expand }) =>
      presentConfiguration(createConfiguration(store, config, params), expand),
    ),
    listRoute(
      '/v1/billing_portal/configurations',
      listSchema,
      'billing_portal.configuration',
      (store, params) =>
        store.billing_portal_configurations.filter((configuration) =>
          matchesFilters(params, { active: configuration.active, is_default: configuration.is_default }),
        ),
      (configuration, { expand }) => presentConfiguration(configuration, expand, 'data.'),
    ),
    retrieveRoute(
      '/v1/billing_portal/configurations/:id',
      (store, id) => requireConfiguration(store, id, 'configuration'),
      (configuration, { expand }) => presentConfiguration(configuration, expand),
    ),
    updateRoute('/v1/billing_portal/configurations/:id', updateSchema, (store, id, params, { config, expand }) =>
      presentConfiguration(updateConfiguration(store, config, id, params), expand),
    ),
  ],
  resolve: (store, id) => {
    const configuration = id.startsWith('bpc_') ? store.billing_portal_configurations.get(id) : undefined;
    return configuration && presentConfiguration(configuration, []);
  },
};
