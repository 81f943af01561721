import type Stripe from 'stripe';
import { z } from 'zod';
import { resourceMissing } from '../errors.js';
import { formArray, inRange, listRoute, paginationShape, rangeQuery, retrieveRoute } from '../params.js';
import type { EmulatorModule } from '../router.js';
import type { Store } from '../store.js';

const listSchema = z.strictObject({
  ...paginationShape,
  type: z.string().optional(),
  types: formArray(z.string()).optional(),
  created: rangeQuery.optional(),
});

/** `customer.subscription.*` matches every subscription event, as Stripe's `type` filter does. */
function typeMatches(pattern: string, type: string): boolean {
  if (!pattern.includes('*')) return pattern === type;
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`).test(type);
}

function requireEvent(store: Store, id: string): Stripe.Event {
  const event = store.events.get(id);
  if (!event) throw resourceMissing('event', id);
  return event;
}

export const eventsModule: EmulatorModule = {
  name: 'events',
  apiRoutes: [
    listRoute('/v1/events', listSchema, 'event', (store, params) =>
      store.events.filter(
        (event) =>
          (params.type === undefined || typeMatches(params.type, event.type)) &&
          (params.types === undefined || params.types.some((type) => typeMatches(type, event.type))) &&
          inRange(event.created, params.created),
      ),
    ),
    retrieveRoute('/v1/events/:id', requireEvent),
  ],
  resolve: (store, id) => (id.startsWith('evt_') ? store.events.get(id) : undefined),
};
