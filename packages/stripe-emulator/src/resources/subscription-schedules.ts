import { z } from 'zod';
import { matchesFilters } from '../list.js';
import { createRoute, listRoute, paginationShape, retrieveRoute, updateRoute } from '../params.js';
import { type EmulatorModule } from '../router.js';
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

export const subscriptionSchedulesModule: EmulatorModule = {
  name: 'subscription_schedules',
  apiRoutes: [
    createRoute('/v1/subscription_schedules', createScheduleSchema, createSubscriptionSchedule),
    listRoute('/v1/subscription_schedules', listSchema, 'subscription_schedule', (store, params) =>
      store.subscription_schedules.filter((schedule) => matchesFilters(params, { customer: schedule.customer })),
    ),
    retrieveRoute('/v1/subscription_schedules/:id', (store, id) => requireSubscriptionSchedule(store, id, 'schedule')),
    updateRoute('/v1/subscription_schedules/:id', updateScheduleSchema, updateSubscriptionSchedule),
  ],
  resolve: (store, id) => (id.startsWith('sub_sched_') ? store.subscription_schedules.get(id) : undefined),
};
