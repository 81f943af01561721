import type Stripe from 'stripe';
import { z } from 'zod';
import { listObject, newestFirst } from '../list.js';
import { paginationShape, parseParams, retrieveRoute, updateRoute } from '../params.js';
import { type EmulatorModule } from '../router.js';
import type { Store } from '../store.js';
import { createSubscriptionSchedule } from './subscription-schedules/create.js';
import { requireSubscriptionSchedule } from './subscription-schedules/records.js';
import { createScheduleSchema, updateScheduleSchema } from './subscription-schedules/schemas.js';
import { updateSubscriptionSchedule } from './subscription-schedules/update.js';

/**
 * Subscription schedules: created and updated through the API (`subscription-schedules/create.ts`,
 * `update.ts`), or by the portal (a timed pause, a change at the period's end); retrieved and
 * listed here. Releasing and canceling change the subscription too and live with it
 * (`subscriptions/scheduled-change.ts`); so does the clock that starts phases and ends schedules.
 *
 *   subscription-schedules/records.ts   the stored schedule: building, attaching, ending
 *   subscription-schedules/schemas.ts   the create and update parameters
 *   subscription-schedules/phases.ts    phases as given turned into phases as stored
 *   subscription-schedules/create.ts, update.ts   the mutations
 */

export { scheduledResume } from './subscription-schedules/records.js';

const listSchema = z.strictObject({ ...paginationShape, customer: z.string().optional() });

function listSchedules(store: Store, params: z.output<typeof listSchema>): Stripe.ApiList<Stripe.SubscriptionSchedule> {
  const schedules = store.subscription_schedules.filter(
    (schedule) => params.customer === undefined || schedule.customer === params.customer,
  );
  return listObject(newestFirst(schedules), params, '/v1/subscription_schedules', 'subscription_schedule');
}

export const subscriptionSchedulesModule: EmulatorModule = {
  name: 'subscription_schedules',
  apiRoutes: [
    {
      method: 'POST',
      path: '/v1/subscription_schedules',
      handler: ({ store, params }) => createSubscriptionSchedule(store, parseParams(createScheduleSchema, params)),
    },
    {
      method: 'GET',
      path: '/v1/subscription_schedules',
      handler: ({ store, params }) => listSchedules(store, parseParams(listSchema, params)),
    },
    retrieveRoute('/v1/subscription_schedules/:id', (store, id) => requireSubscriptionSchedule(store, id, 'schedule')),
    updateRoute('/v1/subscription_schedules/:id', updateScheduleSchema, updateSubscriptionSchedule),
  ],
  resolve: (store, id) => (id.startsWith('sub_sched_') ? store.subscription_schedules.get(id) : undefined),
};
