import type Stripe from 'stripe';
import { resourceMissing } from '../errors.js';
import { OPENED_SESSION_SECONDS, PORTAL_SESSION_STATE, type PortalSessionState } from '../resources/billing-portal-sessions/index.js';
import { requireConfiguration } from '../resources/billing-portal-configurations/index.js';
import { requireCustomer } from '../resources/customers.js';
import type { EmulatorConfig, PageRequest } from '../router.js';
import type { Store } from '../store.js';
import { localize, type Localized } from './i18n/index.js';
import { hostOf } from './layout.js';
import { portalPath } from './urls.js';

/**
 * Everything a portal page needs about its session, loaded once per request from the secret in the
 * URL. A session is in its flow until the flow completes; a `portal_homepage` completion turns it
 * into an ordinary portal session.
 */

const NOTICE_KINDS = [
  'payment_method_updated',
  'subscription_canceled',
  'subscription_updated',
  'offer_accepted',
  'customer_updated',
  'subscription_paused',
  'subscription_resumed',
  'update_scheduled',
  'plan_kept',
  'subscription_renewed',
] as const;

type NoticeKind = (typeof NOTICE_KINDS)[number];

export interface Notice {
  readonly kind: NoticeKind;
  readonly subscription: string | null;
}

/** The page state with what was completed, as stored in `portal_session_state`. */
export type PortalState = PortalSessionState & { completed: (PortalSessionState['completed'] & { notice?: Notice }) | null };

export interface PortalContext {
  readonly store: Store;
  readonly config: EmulatorConfig;
  readonly state: PortalState;
  readonly session: Stripe.BillingPortal.Session;
  readonly configuration: Stripe.BillingPortal.Configuration;
  readonly customer: Stripe.Customer;
  readonly l: Localized;
  /** The session's flow while it is still the flow's page; `null` on the portal homepage. */
  readonly flow: Stripe.BillingPortal.Session.Flow | null;
  /** `/p/session/<secret>`: where this session's pages live. */
  readonly base: string;
  /** The way back to the business, from the session's `return_url`. */
  readonly back: { href: string; label: string } | null;
  readonly businessName: string;
}

/** An expired session, and whether its customer may get a new one (`after_expiration`). */
export interface ExpiredSession {
  readonly l: Localized;
  readonly back: PortalContext['back'];
  readonly businessName: string;
  readonly session: Stripe.BillingPortal.Session;
  /** Where the recovery form posts, when `after_expiration.customer_login` still allows it. */
  readonly recoverAction: string | null;
}

export type ContextResult =
  { readonly ok: true; readonly context: PortalContext } | ({ readonly ok: false; readonly reason: 'expired' } & ExpiredSession);

function states(store: Store) {
  return store.extra<PortalState>(PORTAL_SESSION_STATE);
}

export function saveState(store: Store, state: PortalState): void {
  states(store).set(state);
}

/** Loads the session behind `request.pathParams.token`; unknown secrets are a 404. */
export function loadContext(request: PageRequest): ContextResult {
  const { store, config } = request;
  const token = request.pathParams.token ?? '';
  const stored = states(store).get(token);
  const session = stored ? store.billing_portal_sessions.get(stored.session) : undefined;
  if (!stored || !session) throw resourceMissing('billing_portal.session', token, 'session');

  const l = localize(session.locale);
  const host = hostOf(session.return_url);
  const businessName = host ?? l.t.portalTitle;
  const back = session.return_url ? { href: session.return_url, label: l.t.returnTo(host ?? session.return_url) } : null;

  const now = store.now();
  const expired = stored.opened_at === null ? now > stored.expires_at : now > stored.opened_at + OPENED_SESSION_SECONDS;
  if (expired) {
    const login = session.after_expiration?.type === 'customer_login' ? session.after_expiration.customer_login : null;
    const recoverable = login !== null && login !== undefined && (login.expires_at === null || now < login.expires_at);
    const recoverAction = recoverable ? portalPath(token, 'recover') : null;
    return { ok: false, reason: 'expired', l, back, businessName, session, recoverAction };
  }
  const state = stored.opened_at === null ? { ...stored, opened_at: now } : stored;
  if (state !== stored) saveState(store, state);

  const configuration = requireConfiguration(store, String(session.configuration));
  const flow = session.flow && !(state.completed && session.flow.after_completion.type === 'portal_homepage') ? session.flow : null;
  return {
    ok: true,
    context: {
      store,
      config,
      state,
      session,
      configuration,
      customer: requireCustomer(store, session.customer, 'customer'),
      l,
      flow,
      base: portalPath(token),
      back,
      businessName,
    },
  };
}

/** The subscription a flow is about, if it is about one. */
export function flowSubscription(flow: Stripe.BillingPortal.Session.Flow): string | null {
  return (
    flow.subscription_cancel?.subscription ??
    flow.subscription_pause?.subscription ??
    flow.subscription_update?.subscription ??
    flow.subscription_update_confirm?.subscription ??
    null
  );
}

/** `?notice=…&subscription=…`, how the homepage learns what was just done. */
export function noticeQuery(notice: Notice): string {
  const params = new URLSearchParams({ notice: notice.kind });
  if (notice.subscription) params.set('subscription', notice.subscription);
  return params.toString();
}

export function noticeFromQuery(query: Readonly<Record<string, unknown>>): Notice | null {
  const kind = NOTICE_KINDS.find((candidate) => candidate === query.notice);
  if (!kind) return null;
  return { kind, subscription: typeof query.subscription === 'string' ? query.subscription : null };
}
