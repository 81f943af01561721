import type Stripe from 'stripe';
import type { z } from 'zod';
import { matchesFilters } from '../../list.js';
import { createRoute, inRange, listRoute, parseParams, retrieveRoute, updateRoute } from '../../params.js';
import { pathParam, type EmulatorModule } from '../../router.js';
import type { Store } from '../../store.js';
import { cancelSubscription } from './cancel.js';
import { hasEnded } from './records.js';
import { createSubscription } from './create.js';
import { previewInvoice } from './preview.js';
import { requireSubscription, settleSubscription } from './renewal.js';
import { pauseSubscription, resumeSubscriptionAt } from './pause.js';
import { cancelSubscriptionSchedule, releaseSubscriptionSchedule } from './scheduled-change.js';
import {
  cancelSchema,
  cancelScheduleSchema,
  createSchema,
  listSchema,
  pauseSchema,
  previewSchema,
  releaseScheduleSchema,
  resumeSchema,
  updateSchema,
} from './schemas.js';
import { updateSubscription } from './update.js';

/** The subscriptions a list asks for; without `status`, those that have not ended. */
function listedSubscriptions(store: Store, params: z.output<typeof listSchema>): Stripe.Subscription[] {
  // Only the asked-for customer's are brought up to the clock (requireSubscription settles them).
  return store.subscriptions
    .values()
    .filter((subscription) => matchesFilters(params, { customer: subscription.customer }))
    .map((subscription) => requireSubscription(store, subscription.id))
    .filter((subscription) => {
      switch (params.status) {
        case undefined:
          return !hasEnded(subscription);
        case 'all':
          return true;
        case 'ended':
          return hasEnded(subscription);
        default:
          return subscription.status === params.status;
      }
    })
    .filter(
      (subscription) =>
        matchesFilters(params, { collection_method: subscription.collection_method }) &&
        (params.price === undefined || subscription.items.data.some((item) => item.price.id === params.price)) &&
        inRange(subscription.created, params.created),
    );
}

export const subscriptionsModule: EmulatorModule = {
  name: 'subscriptions',
  apiRoutes: [
    createRoute('/v1/subscriptions', createSchema, (store, params) => createSubscription(store, params)),
    listRoute('/v1/subscriptions', listSchema, 'subscription', listedSubscriptions),
    retrieveRoute('/v1/subscriptions/:id', requireSubscription),
    updateRoute('/v1/subscriptions/:id', updateSchema, updateSubscription),
    {
      method: 'DELETE',
      path: '/v1/subscriptions/:id',
      handler: (request) => cancelSubscription(request.store, pathParam(request, 'id'), parseParams(cancelSchema, request.params)),
    },
    {
      method: 'POST',
      path: '/v1/subscriptions/:id/pause',
      handler: (request) =>
        pauseSubscription(
          request.store,
          requireSubscription(request.store, pathParam(request, 'id')),
          parseParams(pauseSchema, request.params),
        ),
    },
    {
      method: 'POST',
      path: '/v1/subscriptions/:id/resume',
      handler: (request) =>
        resumeSubscriptionAt(
          request.store,
          requireSubscription(request.store, pathParam(request, 'id')),
          request.store.now(),
          parseParams(resumeSchema, request.params),
        ),
    },
    // Releasing or canceling a schedule changes its subscription: the subscription logic's business.
    {
      method: 'POST',
      path: '/v1/subscription_schedules/:id/release',
      handler: (request) => {
        parseParams(releaseScheduleSchema, request.params);
        return releaseSubscriptionSchedule(request.store, pathParam(request, 'id'));
      },
    },
    {
      method: 'POST',
      path: '/v1/subscription_schedules/:id/cancel',
      handler: (request) =>
        cancelSubscriptionSchedule(request.store, pathParam(request, 'id'), parseParams(cancelScheduleSchema, request.params)),
    },
    // The preview is an invoice, but computing it is the subscription logic's business.
    createRoute('/v1/invoices/create_preview', previewSchema, previewInvoice),
  ],
  settle: (store) => {
    for (const subscription of store.subscriptions.values()) settleSubscription(store, subscription.id);
  },
  resolve: (store, id) => {
    if (id.startsWith('sub_')) return store.subscriptions.has(id) ? requireSubscription(store, id) : undefined;
    if (id.startsWith('si_')) {
      const owner = store.subscriptions.find((subscription) => subscription.items.data.some((item) => item.id === id));
      return owner && requireSubscription(store, owner.id).items.data.find((item) => item.id === id);
    }
    return undefined;
  },
};
