import type Stripe from 'stripe';
import { invalidParam, invalidRequest, parameterMissing, unsupported } from '../../errors.js';
import { recordEvent } from '../../events.js';
import { createRoute } from '../../params.js';
import { portalPath, requireUrl } from '../../portal/urls.js';
import type { EmulatorConfig, EmulatorModule } from '../../router.js';
import { randomString, type Store } from '../../store.js';
import { defaultConfiguration, presentConfiguration, requireConfiguration } from '../billing-portal-configurations/index.js';
import { requireCustomer } from '../customers.js';
import { flowObject, validateFlow } from './flow.js';
import { createSchema, type PortalSessionCreateInput } from './schemas.js';

export { quantityProblem } from './flow.js';

/**
 * Customer portal sessions (`POST /v1/billing_portal/sessions`). A session is a short-lived link to
 * the hosted portal (`/p/session/<secret>`, served by `emulator/portal`); with `flow_data` it deep
 * links into one task. Everything Stripe checks when the session is created is checked here, so a
 * session that exists can always be carried out.
 *
 *   schemas.ts   the endpoint's parameters
 *   flow.ts      `flow_data`: its checks and the stored flow object
 */

type Session = Stripe.BillingPortal.Session;
type Flow = Stripe.BillingPortal.Session.Flow;

/** What the hosted pages know about a session beyond the Stripe object. Keyed by the URL secret. */
export interface PortalSessionState {
  /** The secret in the session URL. */
  id: string;
  session: string;
  /** The URL must be opened before this time (created + `portalTtlSeconds`). */
  expires_at: number;
  /** When the URL was first opened; an opened portal stays usable for `OPENED_SESSION_SECONDS`. */
  opened_at: number | null;
  /** Set once the session's flow has been carried out; the flow cannot run again. */
  completed: { at: number; location: string } | null;
  /** Form submissions already applied, by their one-time token, with where they led. */
  submissions: Record<string, string>;
}

export const PORTAL_SESSION_STATE = 'portal_session_state';

/** How long a portal stays usable once its URL has been opened. */
export const OPENED_SESSION_SECONDS = 3600;

function resolveConfiguration(store: Store, id: string | undefined): Stripe.BillingPortal.Configuration {
  if (id !== undefined) {
    const configuration = requireConfiguration(store, id, 'configuration');
    if (!configuration.active) {
      throw invalidParam(`The configuration ${id} is not active and cannot be used to create portal sessions.`, 'configuration');
    }
    return configuration;
  }
  const configuration = defaultConfiguration(store);
  if (!configuration) {
    throw invalidRequest(
      'You can’t create a portal session in test mode until you save your customer portal settings in test mode at https://dashboard.stripe.com/test/settings/billing/portal.',
    );
  }
  return configuration;
}

function createPortalSession(store: Store, config: EmulatorConfig, params: PortalSessionCreateInput): Session {
  if (params.on_behalf_of !== undefined) {
    throw unsupported('on_behalf_of', 'there are no connected accounts in the emulator.');
  }
  if (params.customer_account !== undefined) {
    throw unsupported('customer_account', 'Accounts v2 customers are not emulated; pass `customer`.');
  }
  if (params.customer === undefined) throw parameterMissing('customer');
  const customer = requireCustomer(store, params.customer, 'customer');
  const configuration = resolveConfiguration(store, params.configuration);

  let returnUrl = configuration.default_return_url;
  if (params.return_url !== undefined) returnUrl = requireUrl(params.return_url, 'return_url');
  if (returnUrl === null) {
    throw invalidParam(
      'Your PortalConfiguration does not have a `default_return_url`, and you did not provide a `return_url`.',
      'return_url',
    );
  }
  if (params.flow_data) validateFlow(store, params.flow_data, customer.id, configuration);
  const recoverUntil = params.after_expiration?.customer_login?.expires_at;
  if (recoverUntil !== undefined && recoverUntil <= store.now()) {
    throw invalidParam('`expires_at` must be in the future.', 'after_expiration[customer_login][expires_at]');
  }

  return openPortalSession(store, config, {
    customer: customer.id,
    configuration: configuration.id,
    returnUrl,
    locale: params.locale ?? null,
    flow: params.flow_data ? flowObject(params.flow_data) : null,
    afterExpiration: params.after_expiration ? { type: 'customer_login', customer_login: { expires_at: recoverUntil ?? null } } : null,
  });
}

/** Stores a session and its page state, records `billing_portal.session.created`. */
export function openPortalSession(
  store: Store,
  config: EmulatorConfig,
  input: {
    customer: string;
    configuration: string;
    returnUrl: string | null;
    locale: Stripe.BillingPortal.Session.Locale | null;
    flow: Flow | null;
    /** Only sessions created with `after_expiration` carry the field (the fixture predates it). */
    afterExpiration?: Stripe.BillingPortal.Session.AfterExpiration | null;
  },
): Session {
  const secret = `test_${randomString(48)}`;
  const now = store.now();
  const session: Session = {
    id: store.newId('bps'),
    object: 'billing_portal.session',
    ...(input.afterExpiration && { after_expiration: input.afterExpiration }),
    configuration: input.configuration,
    created: now,
    customer: input.customer,
    customer_account: null,
    flow: input.flow,
    livemode: false,
    locale: input.locale,
    on_behalf_of: null,
    return_url: input.returnUrl,
    url: `${config.baseUrl}${portalPath(secret)}`,
  };
  store.billing_portal_sessions.set(session);
  store.extra<PortalSessionState>(PORTAL_SESSION_STATE).set({
    id: secret,
    session: session.id,
    expires_at: now + config.portalTtlSeconds,
    opened_at: null,
    completed: null,
    submissions: {},
  });
  recordEvent(store, 'billing_portal.session.created', session);
  return session;
}

export const billingPortalSessionsModule: EmulatorModule = {
  name: 'billing_portal.sessions',
  apiRoutes: [
    createRoute('/v1/billing_portal/sessions', createSchema, (store, params, { config, expand }) => {
      const session = createPortalSession(store, config, params);
      // `configuration` is expandable; the configuration shown is its API representation.
      if (!expand.includes('configuration')) return session;
      const configuration = requireConfiguration(store, String(session.configuration));
      return { ...session, configuration: presentConfiguration(configuration, expand, 'configuration.') };
    }),
  ],
  resolve: (store, id) => (id.startsWith('bps_') ? store.billing_portal_sessions.get(id) : undefined),
};
