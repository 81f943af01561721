import type Stripe from 'stripe';
import { invalidRequest, parameterMissing } from '../../errors.js';
import { customerIdOf } from '../../ids.js';
import type { Store } from '../../store.js';
import { addInterval } from '../amounts.js';
import { requireCustomer } from '../customers.js';
import { applyDiscountInputs, validateDiscountInputs } from '../discounts.js';
import { buildInvoice } from '../invoices/index.js';
import { recurringLine } from './invoicing.js';
import { immediateLines, planChange } from './plan-change.js';
import { pendingItemLine, pendingItemsOf, prorationLine } from './proration.js';
import { buildItem, discountIdsOf, intervalOf, requireSameInterval, subscribablePrice } from './records.js';
import { requireSubscription } from './renewal.js';
import type { InvoicePreviewInput } from './schemas.js';
import { scheduleCancellation } from './update.js';

/**
 * `POST /v1/invoices/create_preview`: the invoice a subscription change would produce. With
 * prorations billed later (the default) that is the next renewal invoice, including the new
 * prorations; when the change bills at once (`always_invoice`, a new interval, ending a trial) it
 * is that immediate invoice. Without `subscription`, the first invoice of a new subscription.
 */
export function previewInvoice(store: Store, params: InvoicePreviewInput): Stripe.Invoice {
  // Pricing a preview may redeem coupons into discounts; none of that may stay.
  return store.dryRun(() => buildPreview(store, params));
}

function buildPreview(store: Store, params: InvoicePreviewInput): Stripe.Invoice {
  const details = params.subscription_details ?? {};
  if (params.subscription === undefined) return previewNewSubscription(store, params);

  const subscription = requireSubscription(store, params.subscription, 'subscription');
  const customerId = customerIdOf(subscription);
  if (params.customer !== undefined && params.customer !== customerId) {
    throw invalidRequest(`The subscription ${subscription.id} does not belong to the customer ${params.customer}.`, 'customer');
  }
  // A canceled subscription has nothing coming; a paused one issues no invoices until it resumes.
  if (subscription.status === 'canceled' || subscription.status === 'paused') {
    throw invalidRequest(`No upcoming invoices for customer: ${customerId}`, undefined, 'invoice_upcoming_none');
  }
  if (params.discounts) validateDiscountInputs(store, params.discounts, subscription.id);

  const plan = planChange(store, subscription, details, 'subscription_details[');
  const pending = pendingItemsOf(store, subscription.id);
  const discounts = previewDiscounts(store, subscription, params.discounts);
  const scheduled = scheduleCancellation(subscription, details, store.now());

  if (plan.invoiceNow) {
    return buildInvoice(store, {
      customer: customerId,
      subscription,
      billingReason: 'subscription_update',
      lines: immediateLines(store, plan, pending),
      discounts,
      currency: subscription.currency,
      periodStart: plan.period.start,
      periodEnd: plan.period.start,
      preview: true,
    });
  }
  if (scheduled.cancel_at !== null && scheduled.cancel_at <= plan.period.end) {
    throw invalidRequest(`No upcoming invoices for customer: ${customerId}`, undefined, 'invoice_upcoming_none');
  }
  const { interval, count } = intervalOf(plan.items[0]!.price);
  const next = { start: plan.period.end, end: addInterval(plan.period.end, interval, count, subscription.billing_cycle_anchor) };
  return buildInvoice(store, {
    customer: customerId,
    subscription,
    billingReason: 'subscription_cycle',
    lines: [
      ...pending.map((item) => pendingItemLine(store, item)),
      ...plan.prorations.map((draft) => prorationLine(draft, null)),
      ...plan.items.map((item) => recurringLine(store, item, next)),
    ],
    discounts,
    currency: subscription.currency,
    periodStart: plan.period.start,
    periodEnd: plan.period.end,
    preview: true,
  });
}

/** Discount ids for a preview: the subscription's, or those its `discounts` param would apply. */
function previewDiscounts(store: Store, subscription: Stripe.Subscription, inputs: InvoicePreviewInput['discounts']): string[] {
  if (inputs === undefined) return discountIdsOf(subscription);
  return applyDiscountInputs(store, inputs ?? [], { customer: customerIdOf(subscription), subscription: subscription.id });
}

function previewNewSubscription(store: Store, params: InvoicePreviewInput): Stripe.Invoice {
  if (params.customer === undefined) throw parameterMissing('customer');
  const customer = requireCustomer(store, params.customer, 'customer');
  const changes = params.subscription_details?.items;
  if (!changes || changes.length === 0) {
    throw invalidRequest(`No upcoming invoices for customer: ${customer.id}`, undefined, 'invoice_upcoming_none');
  }
  const now = store.now();
  const prices = changes.map((change, index) => {
    if (change.price === undefined) throw parameterMissing(`subscription_details[items][${index}][price]`);
    return subscribablePrice(store, change.price, `subscription_details[items][${index}][price]`, null);
  });
  requireSameInterval(prices, 'subscription_details[items]');
  const { interval, count } = intervalOf(prices[0]!);
  const period = { start: now, end: addInterval(now, interval, count) };
  const items = prices.map((price, index) => buildItem(store, 'sub_preview', price, changes[index]?.quantity ?? 1, {}, period));
  return buildInvoice(store, {
    customer: customer.id,
    subscription: null,
    billingReason: 'subscription_create',
    lines: items.map((item) => recurringLine(store, item, period)),
    discounts: [],
    currency: prices[0]!.currency,
    periodStart: now,
    periodEnd: now,
    preview: true,
  });
}
