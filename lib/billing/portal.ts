import type Stripe from 'stripe';
import { billingConfig } from '@/billing.config';
import type { Database } from '@/lib/db/client';
import { findCatalogEntry } from '@/lib/db/queries';
import type { BillingConfig } from './config-schema';
import { FLOWS, type FlowType } from './flow-table';
import { buildPortalSessionParams, type PortalFlow, type PortalLocale } from './flows';

export class BillingNotSetUpError extends Error {
  constructor(what: string) {
    super(`${what} is not set up in Stripe yet; run \`npm run stripe:setup\``);
    this.name = 'BillingNotSetUpError';
  }
}

/** How long a server trusts the portal-configuration ids it read from the catalogue. */
export const CONFIGURATION_CACHE_MS = 60_000;

// Portal-configuration ids per database, remembered for CONFIGURATION_CACHE_MS. They are
// set once by `npm run stripe:setup`, which updates a configuration in place and only
// creates one when it is missing, so a click need not read the catalogue every time: the
// click then costs one query (the signed-in user) instead of two. A key missing from the
// memory is always read again, so a configuration set up after the server started is
// seen at once. (Keyed by database handle: tests open several in one process.)
const configurationIds = new WeakMap<Database, Map<string, { id: string; readAt: number }>>();

async function configurationId(db: Database, key: string) {
  const now = Date.now();
  let known = configurationIds.get(db);
  if (!known) configurationIds.set(db, (known = new Map()));
  const remembered = known.get(key);
  if (remembered && now - remembered.readAt < CONFIGURATION_CACHE_MS) return remembered.id;
  const entry = await findCatalogEntry(db, 'portal_configuration', key);
  if (!entry) {
    known.delete(key);
    throw new BillingNotSetUpError(`Portal configuration "${key}"`);
  }
  known.set(key, { id: entry.stripeId, readAt: now });
  return entry.stripeId;
}

/** A flow's settings in billing.config.ts; a flow the config leaves out has no button, so asking for it is a bug. */
function flowSettings(config: Pick<BillingConfig, 'flows'>, type: FlowType) {
  const settings = config.flows[FLOWS[type].configName];
  if (!settings) throw new Error(`billing.config.ts has no flows.${FLOWS[type].configName}, so no button may open it`);
  return settings;
}

/** Whether billing.config.ts offers a flow (the optional ones: "Edit billing details", "Pause"). */
export function flowOffered(type: FlowType, config: Pick<BillingConfig, 'flows'> = billingConfig): boolean {
  return config.flows[FLOWS[type].configName] !== undefined;
}

/** The retention coupon the config offers in the cancel flow, if any. */
export function retentionCouponId(config: Pick<BillingConfig, 'flows'> = billingConfig): string | undefined {
  return config.flows.subscriptionCancel.retentionCoupon;
}

/**
 * Creates a portal session — for one flow, or the homepage when `flow` is absent —
 * with the configuration and after-completion behaviour billing.config.ts sets for
 * it, and returns its URL. Our database supplies the ids: this is the one Stripe call.
 */
export async function createPortalSession(
  db: Database,
  stripe: Stripe,
  input: { customerId: string; appUrl: string; locale: PortalLocale; flow?: PortalFlow },
  config: Pick<BillingConfig, 'flows'> = billingConfig,
): Promise<string> {
  const flow = input.flow ? { flow: input.flow, settings: flowSettings(config, input.flow.type) } : undefined;
  const configurationKey = flow ? flow.settings.configuration : config.flows.manageBilling.configuration;
  const params = buildPortalSessionParams({
    customerId: input.customerId,
    appUrl: input.appUrl,
    locale: input.locale,
    configurationId: await configurationId(db, configurationKey),
    flow: flow ? { flow: flow.flow, afterCompletion: flow.settings.afterCompletion } : undefined,
    // The homepage ("Manage billing") is where a recovered session starts anyway.
    recoverable: input.flow ? FLOWS[input.flow.type].recoverable : true,
  });
  const session = await stripe.billingPortal.sessions.create(params);
  return session.url;
}
