import type Stripe from 'stripe';
import { HANDLED_EVENTS } from './webhooks';

/**
 * `npm run stripe:doctor`'s check of the webhook endpoint Stripe posts to: its `enabled_events`
 * against the events the app acts on (HANDLED_EVENTS). A missing event means changes that never
 * reach /account until a landing page or the catch-up syncs the customer; an extra one costs a
 * delivery the app acknowledges and ignores.
 */
export interface EnabledEventsDrift {
  /** Events the app acts on that the endpoint does not send. */
  missing: string[];
  /** Events the endpoint sends that the app ignores (none when it sends every event, `*`). */
  extra: string[];
  /** The endpoint sends every event type. */
  everything: boolean;
}

export function enabledEventsDrift(enabled: readonly string[], handled: readonly string[] = HANDLED_EVENTS): EnabledEventsDrift {
  const everything = enabled.includes('*');
  const sent = new Set(enabled);
  const acted = new Set(handled);
  return {
    missing: everything ? [] : handled.filter((type) => !sent.has(type)),
    extra: everything ? [] : enabled.filter((type) => !acted.has(type)).sort(),
    everything,
  };
}

export interface EndpointReport {
  /** The enabled endpoint whose url is `url`, if there is one. */
  endpoint: Stripe.WebhookEndpoint | null;
  notes: string[];
  problems: string[];
}

/**
 * Finds the enabled endpoint whose url is exactly `url` (APP_URL + /api/stripe/webhook) and
 * reports how its events differ from the app's, with what to do. No endpoint is no problem
 * here: the caller knows whether events come some other way (`stripe listen`, the emulator).
 */
export async function checkWebhookEndpoint(stripe: Stripe, url: string): Promise<EndpointReport> {
  const notes: string[] = [];
  const problems: string[] = [];
  let endpoint: Stripe.WebhookEndpoint | null = null;
  for await (const candidate of stripe.webhookEndpoints.list({ limit: 100 })) {
    if (candidate.url === url && candidate.status === 'enabled') {
      endpoint = candidate;
      break;
    }
  }
  if (!endpoint) return { endpoint, notes, problems };

  const drift = enabledEventsDrift(endpoint.enabled_events);
  const where = `in the Dashboard (Developers → Webhooks → ${endpoint.id} → Update details → Select events)`;
  if (drift.missing.length) {
    problems.push(
      `webhook endpoint ${endpoint.id} does not send ${drift.missing.length} event${drift.missing.length === 1 ? '' : 's'} the app acts on: ${drift.missing.join(', ')}. ` +
        `Add these events ${where}; until then those changes reach /account only through a landing page or the catch-up.`,
    );
  }
  if (drift.extra.length) {
    problems.push(
      `webhook endpoint ${endpoint.id} sends ${drift.extra.length} event${drift.extra.length === 1 ? '' : 's'} the app ignores: ${drift.extra.join(', ')}. ` +
        `Remove these events ${where}: each costs a delivery that changes nothing.`,
    );
  }
  if (drift.everything) {
    notes.push(
      `webhooks: endpoint ${endpoint.id} → ${url} sends every event type (*); the app acts on ${HANDLED_EVENTS.length} of them and acknowledges the rest`,
    );
  } else if (!drift.missing.length && !drift.extra.length) {
    notes.push(`webhooks: endpoint ${endpoint.id} → ${url} sends exactly the ${HANDLED_EVENTS.length} events the app acts on`);
  }
  return { endpoint, notes, problems };
}
