import type Stripe from 'stripe';
import { z } from 'zod';
import { resourceMissing } from '../errors.js';
import { changedAttributes } from '../events.js';
import {
  createRoute,
  emptyable,
  formArray,
  formBool,
  idRoute,
  listRoute,
  mergeMetadata,
  metadataParam,
  paginationShape,
  retrieveRoute,
  updateRoute,
} from '../params.js';
import { type EmulatorModule } from '../router.js';
import { randomString, type Store } from '../store.js';

/**
 * Webhook endpoints. Each gets its own signing secret, returned once (on create) as Stripe does;
 * the delivery queue in `events.ts` posts every matching event to every enabled endpoint.
 */

// `*` or an exact event type; Stripe's endpoints take no other wildcards.
const eventType = z.string().regex(/^(\*|[a-z_]+(\.[a-z_]+)+)$/, 'Invalid event type');

const createSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/ }),
  enabled_events: formArray(eventType).refine((events) => events.length > 0, 'enabled_events must not be empty'),
  description: emptyable(z.string()).optional(),
  metadata: metadataParam().optional(),
  api_version: z.string().optional(),
});

const updateSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).optional(),
  enabled_events: formArray(eventType).optional(),
  description: emptyable(z.string()).optional(),
  disabled: formBool().optional(),
  metadata: metadataParam().optional(),
});

const listSchema = z.strictObject({ ...paginationShape });

type WebhookEndpointCreateInput = z.output<typeof createSchema>;

function requireWebhookEndpoint(store: Store, id: string): Stripe.WebhookEndpoint {
  const endpoint = store.webhook_endpoints.get(id);
  if (!endpoint) throw resourceMissing('webhook_endpoint', id);
  return endpoint;
}

/** Creates an endpoint; the returned object carries its `secret`, which is never shown again. */
function createWebhookEndpoint(store: Store, params: WebhookEndpointCreateInput): Stripe.WebhookEndpoint {
  const endpoint: Stripe.WebhookEndpoint = {
    id: store.newId('we'),
    object: 'webhook_endpoint',
    api_version: params.api_version ?? null,
    application: null,
    created: store.now(),
    description: params.description ?? null,
    enabled_events: params.enabled_events,
    livemode: false,
    metadata: mergeMetadata({}, params.metadata),
    status: 'enabled',
    url: params.url,
  };
  const secret = `whsec_${randomString(32)}`;
  store.webhook_endpoints.set(endpoint);
  store.webhookSecrets.set(endpoint.id, secret);
  return { ...endpoint, secret };
}

function updateWebhookEndpoint(store: Store, id: string, params: z.output<typeof updateSchema>): Stripe.WebhookEndpoint {
  const before = requireWebhookEndpoint(store, id);
  const after: Stripe.WebhookEndpoint = {
    ...before,
    ...(params.url !== undefined && { url: params.url }),
    ...(params.enabled_events !== undefined && { enabled_events: params.enabled_events }),
    ...(params.description !== undefined && { description: params.description }),
    ...(params.disabled !== undefined && { status: params.disabled ? 'disabled' : 'enabled' }),
    metadata: mergeMetadata(before.metadata, params.metadata),
  };
  if (changedAttributes(before, after)) store.webhook_endpoints.set(after);
  return after;
}

function deleteWebhookEndpoint(store: Store, id: string): Stripe.DeletedWebhookEndpoint {
  requireWebhookEndpoint(store, id);
  store.webhook_endpoints.delete(id);
  store.webhookSecrets.delete(id);
  return { id, object: 'webhook_endpoint', deleted: true };
}

export const webhookEndpointsModule: EmulatorModule = {
  name: 'webhook_endpoints',
  apiRoutes: [
    createRoute('/v1/webhook_endpoints', createSchema, createWebhookEndpoint),
    listRoute('/v1/webhook_endpoints', listSchema, 'webhook_endpoint', (store) => store.webhook_endpoints.values()),
    retrieveRoute('/v1/webhook_endpoints/:id', requireWebhookEndpoint),
    updateRoute('/v1/webhook_endpoints/:id', updateSchema, updateWebhookEndpoint),
    idRoute('DELETE', '/v1/webhook_endpoints/:id', deleteWebhookEndpoint),
  ],
  resolve: (store, id) => (id.startsWith('we_') ? store.webhook_endpoints.get(id) : undefined),
};
