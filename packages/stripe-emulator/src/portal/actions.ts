import type Stripe from 'stripe';
import { invalidRequest } from '../errors.js';
import { addInterval } from '../resources/amounts.js';
import { portalProducts } from '../resources/billing-portal-configurations/index.js';
import { quantityProblem } from '../resources/billing-portal-sessions/index.js';
import { setDefaultPaymentMethod, updateCustomer } from '../resources/customers.js';
import { attachPaymentMethod, createCardPaymentMethod, type CardDetails } from '../resources/payment-methods/index.js';
import {
  applyCouponToSubscription,
  cancelSubscription,
  duePhase,
  hasEnded,
  meetsScheduleCondition,
  pauseSubscription,
  previewInvoice,
  releaseSubscriptionSchedule,
  requireSubscription,
  resumeSubscriptionAt,
  scheduleAtPeriodEnd,
  updateSubscription,
  type SubscriptionUpdateInput,
} from '../resources/subscriptions/index.js';
import { createTaxId, deleteTaxId } from '../resources/tax-ids.js';
import type { Store } from '../store.js';
import type { BillingUpdate } from './billing-form.js';
import { customerIdOf, idOf } from '../ids.js';

/**
 * What the portal's buttons do, through the same functions the API uses, so a click produces the
 * objects and events the equivalent API call would. Each runs in a store transaction: a declined
 * card leaves nothing behind.
 */

type Configuration = Stripe.BillingPortal.Configuration;

/** The customer's subscriptions that are still running, brought up to the clock. */
export function liveSubscriptions(store: Store, customerId: string): Stripe.Subscription[] {
  return store.subscriptions
    .filter((subscription) => idOf(subscription.customer) === customerId)
    .map((subscription) => requireSubscription(store, subscription.id))
    .filter((subscription) => !hasEnded(subscription));
}

/**
 * "Add card": a card payment method, attached to the customer and made the default for invoices
 * (`invoice_settings.default_payment_method`). Subscriptions that name their own default payment
 * method get the new card too, so it is the card that is charged next.
 */
export function addCard(store: Store, customerId: string, card: CardDetails, name: string | null): Stripe.PaymentMethod {
  return store.transaction(() => {
    const created = createCardPaymentMethod(store, card, { billing_details: { name } });
    const attached = attachPaymentMethod(store, created.id, customerId, 'payment_method');
    setDefaultPaymentMethod(store, customerId, attached.id);
    for (const subscription of liveSubscriptions(store, customerId)) {
      const current = idOf(subscription.default_payment_method);
      if (current !== null && current !== attached.id) {
        updateSubscription(store, subscription.id, { default_payment_method: attached.id });
      }
    }
    return attached;
  });
}

export function isCancelable(subscription: Stripe.Subscription): boolean {
  return !hasEnded(subscription) && !subscription.cancel_at_period_end && subscription.cancel_at === null;
}

type Feedback = NonNullable<NonNullable<SubscriptionUpdateInput['cancellation_details']>['feedback']>;

/**
 * "Cancel subscription" with the configuration's mode: at the end of the period
 * (`cancel_at_period_end: true`) or right away, with prorations when the configuration asks for
 * them. The reason chosen is kept in `cancellation_details.feedback`.
 */
export function cancelFromPortal(
  store: Store,
  configuration: Configuration,
  subscriptionId: string,
  feedback: Feedback | null,
): Stripe.Subscription {
  return store.transaction(() => {
    const subscription = requireSubscription(store, subscriptionId, 'subscription');
    if (!isCancelable(subscription)) {
      throw invalidRequest(`The subscription ${subscription.id} is already set to be canceled at period end.`);
    }
    const cancel = configuration.features.subscription_cancel;
    const details = feedback ? { cancellation_details: { feedback } } : {};
    if (cancel.mode === 'immediately') {
      return cancelSubscription(store, subscriptionId, { ...details, prorate: cancel.proration_behavior === 'create_prorations' });
    }
    return updateSubscription(store, subscriptionId, { cancel_at_period_end: true, ...details });
  });
}

/** "Accept offer": the retention coupon goes onto the subscription, which carries on as it was. */
export function acceptRetentionOffer(store: Store, subscriptionId: string, couponId: string): Stripe.Subscription {
  return store.transaction(() => applyCouponToSubscription(store, subscriptionId, { coupon: couponId }));
}

/** A plan change as the portal makes it: one item to a new price and/or quantity, plus discounts. */
export interface PlanChange {
  readonly subscription: string;
  readonly item: string;
  readonly price: string;
  readonly quantity: number;
  readonly discounts: readonly ({ coupon: string } | { promotion_code: string })[];
}

function prorationBehaviorOf(value: string): 'always_invoice' | 'create_prorations' | 'none' {
  return value === 'always_invoice' || value === 'create_prorations' ? value : 'none';
}

/** The `updateSubscription` params for a plan change under the configuration's rules. */
function updateParams(store: Store, configuration: Configuration, change: PlanChange): SubscriptionUpdateInput {
  const features = configuration.features.subscription_update;
  const subscription = requireSubscription(store, change.subscription, 'subscription');
  const existing = subscription.discounts.map((discount) => ({ discount: idOf(discount) }));
  return {
    items: [{ id: change.item, price: change.price, quantity: change.quantity }],
    proration_behavior: prorationBehaviorOf(features.proration_behavior),
    ...(features.billing_cycle_anchor === 'now' && { billing_cycle_anchor: { type: 'now' as const } }),
    ...(subscription.status === 'trialing' && features.trial_update_behavior === 'end_trial' && { trial_end: 'now' as const }),
    ...(change.discounts.length > 0 && { discounts: [...existing, ...change.discounts] }),
  };
}

/** Checks a plan change against the subscription and the configuration before it is shown or made. */
export function checkPlanChange(store: Store, configuration: Configuration, change: PlanChange): void {
  const subscription = requireSubscription(store, change.subscription, 'subscription');
  const item = subscription.items.data.find((entry) => entry.id === change.item);
  if (!item) throw invalidRequest(`The subscription item ${change.item} does not belong to the subscription ${subscription.id}.`);
  if (!portalProducts(configuration).some((product) => product.prices.includes(change.price))) {
    throw invalidRequest(`The price ${change.price} is not offered by this portal configuration.`);
  }
  if (item.price.id === change.price && (item.quantity ?? 1) === change.quantity && change.discounts.length === 0) {
    throw invalidRequest('Cannot update the subscription because there are no changes to confirm.');
  }
  if ((item.quantity ?? 1) !== change.quantity) {
    const price = store.prices.get(change.price);
    const problem = price ? quantityProblem(configuration, idOf(price.product), change.quantity) : null;
    if (problem) throw invalidRequest(problem);
  }
}

/** The invoice the change would produce, priced by the same code as `/v1/invoices/create_preview`. */
export function previewPlanChange(store: Store, configuration: Configuration, change: PlanChange): Stripe.Invoice {
  const params = updateParams(store, configuration, change);
  return previewInvoice(store, {
    subscription: change.subscription,
    subscription_details: {
      items: params.items,
      proration_behavior: params.proration_behavior,
      ...(params.billing_cycle_anchor && { billing_cycle_anchor: params.billing_cycle_anchor }),
      ...(params.trial_end && { trial_end: params.trial_end }),
    },
    ...(params.discounts && { discounts: params.discounts }),
  });
}

/**
 * When the change waits for the end of the period under the configuration's
 * `schedule_at_period_end` conditions, that time; else null. During a trial nothing is billed, so
 * changes apply at once (an assumption; see the README).
 */
export function scheduledFor(store: Store, configuration: Configuration, change: PlanChange): number | null {
  const subscription = requireSubscription(store, change.subscription, 'subscription');
  const price = store.prices.get(change.price);
  if (!price || subscription.status === 'trialing') return null;
  const conditions = configuration.features.subscription_update.schedule_at_period_end?.conditions ?? [];
  const current = subscription.items.data.map((item) => ({ price: item.price, quantity: item.quantity ?? 1 }));
  const next = subscription.items.data.map((item) =>
    item.id === change.item ? { price, quantity: change.quantity } : { price: item.price, quantity: item.quantity ?? 1 },
  );
  return meetsScheduleCondition(conditions, current, next) ? (subscription.items.data[0]?.current_period_end ?? null) : null;
}

/**
 * "Confirm": applies the change now, or schedules it for the period's end when a
 * `schedule_at_period_end` condition holds. With `card`, the new card is saved and made the
 * default first. A card that is declined, on saving or on the invoice, leaves everything as it was.
 */
export function confirmPlanChange(
  store: Store,
  configuration: Configuration,
  change: PlanChange,
  card: { card: CardDetails; name: string | null } | null = null,
): Stripe.Subscription {
  return store.transaction(() => {
    checkPlanChange(store, configuration, change);
    if (card) addCard(store, customerIdOf(requireSubscription(store, change.subscription)), card.card, card.name);
    // A new change replaces one that was waiting for the period's end.
    const pending = pendingChange(store, change.subscription);
    if (pending) releaseSubscriptionSchedule(store, pending.schedule);
    const at = scheduledFor(store, configuration, change);
    if (at !== null) {
      if (change.discounts.length > 0)
        updateSubscription(store, change.subscription, { discounts: updateParams(store, configuration, change).discounts });
      const subscription = requireSubscription(store, change.subscription, 'subscription');
      const price = store.prices.get(change.price)!;
      const next = subscription.items.data.map((item) =>
        item.id === change.item ? { price, quantity: change.quantity } : { price: item.price, quantity: item.quantity ?? 1 },
      );
      return scheduleAtPeriodEnd(store, subscription, next);
    }
    return updateSubscription(store, change.subscription, {
      ...updateParams(store, configuration, change),
      payment_behavior: 'error_if_incomplete',
    });
  });
}

/**
 * The plan change a subscription's schedule holds: the schedule, the new price and when. That is
 * the first later phase on another price; a phase on the current price (made through the API for
 * a coupon or a quantity, say) changes no plan, so the portal does not show it as one.
 */
export function pendingChange(store: Store, subscriptionId: string): { schedule: string; price: Stripe.Price; at: number } | null {
  const subscription = requireSubscription(store, subscriptionId, 'subscription');
  // duePhase says whether the schedule has a later phase at all (an active schedule, not a pause).
  if (!duePhase(store, subscription, Number.MAX_SAFE_INTEGER)) return null;
  const schedule = store.subscription_schedules.get(idOf(subscription.schedule)!)!;
  const currentStart = schedule.current_phase?.start_date ?? 0;
  const currentPrice = subscription.items.data[0]?.price.id;
  for (const phase of schedule.phases) {
    const price = store.prices.get(idOf(phase.items[0]?.price ?? null) ?? '');
    if (phase.start_date > currentStart && price && price.id !== currentPrice)
      return { schedule: schedule.id, price, at: phase.start_date };
  }
  return null;
}

/** "Keep current plan": the scheduled change is dropped by releasing its schedule. */
export function keepCurrentPlan(store: Store, subscriptionId: string): void {
  store.transaction(() => {
    const pending = pendingChange(store, subscriptionId);
    if (!pending) throw invalidRequest(`The subscription ${subscriptionId} has no scheduled change.`);
    releaseSubscriptionSchedule(store, pending.schedule);
  });
}

/** "Renew subscription": a scheduled cancellation (`cancel_at`, with or without `cancel_at_period_end`) is undone. */
export function renewFromPortal(store: Store, subscriptionId: string): Stripe.Subscription {
  return store.transaction(() => {
    const subscription = requireSubscription(store, subscriptionId, 'subscription');
    if (hasEnded(subscription) || subscription.cancel_at === null) {
      throw invalidRequest(`The subscription ${subscription.id} is not set to be canceled.`);
    }
    return updateSubscription(store, subscriptionId, { cancel_at: null });
  });
}

/** "Save" on the billing-information page: the customer's details, and a tax ID to add. */
export function updateBillingDetails(store: Store, customerId: string, update: BillingUpdate): Stripe.Customer {
  return store.transaction(() => {
    const customer = updateCustomer(store, customerId, update.customer);
    if (update.taxId) createTaxId(store, customerId, update.taxId);
    return customer;
  });
}

/** "Remove" beside a tax ID on the billing-information page. */
export function removeTaxId(store: Store, customerId: string, taxIdId: string): void {
  store.transaction(() => deleteTaxId(store, customerId, taxIdId));
}

/** The durations a customer may pause for, or null when the configuration pauses until resumed. */
export function pauseDurations(
  configuration: Configuration,
): readonly Stripe.BillingPortal.Configuration.Features.SubscriptionPause.Duration.IntervalOption[] | null {
  const duration = configuration.features.subscription_pause.duration;
  return duration.type === 'interval_options' ? duration.interval_options : null;
}

/**
 * "Pause subscription": pauses now; with a preset duration (the `option`-th of the
 * configuration's `interval_options`) it resumes by itself when the duration is over.
 */
export function pauseFromPortal(
  store: Store,
  configuration: Configuration,
  subscriptionId: string,
  option: number | null,
): Stripe.Subscription {
  return store.transaction(() => {
    const subscription = requireSubscription(store, subscriptionId, 'subscription');
    const durations = pauseDurations(configuration);
    let resumeAt: number | null = null;
    if (durations) {
      const chosen = option === null ? undefined : durations[option];
      if (!chosen) throw invalidRequest('Choose how long to pause the subscription for.');
      const interval = (['day', 'week', 'month', 'year'] as const).find((unit) => unit === chosen.interval) ?? 'month';
      resumeAt = addInterval(store.now(), interval, chosen.interval_count);
    }
    return pauseSubscription(store, subscription, {}, resumeAt);
  });
}

/**
 * "Resume subscription": a new period starts now and is charged at once; if the charge fails the
 * subscription stays paused (`resume_on_payment_success`, which Stripe recommends).
 */
export function resumeFromPortal(store: Store, subscriptionId: string): Stripe.Subscription {
  return store.transaction(() => {
    const subscription = requireSubscription(store, subscriptionId, 'subscription');
    return resumeSubscriptionAt(store, subscription, store.now(), { payment_behavior: 'resume_on_payment_success' });
  });
}
