/**
 * Subscriptions, their items and the invoices they produce: what other modules and the hosted
 * pages use. Periods live on the items (`current_period_start`/`current_period_end`), as in
 * current API versions; all items of a subscription share one billing period.
 *
 *   schemas.ts       the endpoints' parameters
 *   records.ts       the stored record, its rendering and the checks items and prices share
 *   invoicing.ts     the lines a subscription bills and what paying them does to its status
 *   proration.ts     credits and charges for changes within a period, as pending invoice items
 *   plan-change.ts   what an item, trial or anchor change does (shared by update and preview)
 *   create.ts, update.ts, cancel.ts   the mutations
 *   pause.ts         pause and resume
 *   renewal.ts       lookups brought up to the clock: renewals, trial ends, scheduled ends
 *   scheduled-change.ts  plan changes at the period's end (a schedule's phases), release, cancel
 *   preview.ts       `POST /v1/invoices/create_preview`
 *   routes.ts        the module: routes and `resolve`
 */
export { cancelSubscription } from './cancel.js';
export { createSubscription } from './create.js';
export { pauseRefusal, pauseSubscription, resumeSubscriptionAt } from './pause.js';
export { previewInvoice } from './preview.js';
export { hasEnded } from './records.js';
export { requireSubscription } from './renewal.js';
export { duePhase, meetsScheduleCondition, releaseSubscriptionSchedule, scheduleAtPeriodEnd } from './scheduled-change.js';
export { subscriptionsModule } from './routes.js';
export type { SubscriptionUpdateInput } from './schemas.js';
export { applyCouponToSubscription, updateSubscription } from './update.js';
