import type Stripe from 'stripe';
import { z } from 'zod';
import { resourceMissing, type CardFailure } from '../errors.js';
import { recordEvent } from '../events.js';
import { listObject, newestFirst } from '../list.js';
import { inRange, paginationShape, parseParams, rangeQuery, retrieveRoute } from '../params.js';
import { pathParam, type EmulatorModule } from '../router.js';
import type { Store } from '../store.js';
import { decimal } from './amounts.js';
import { requireCustomer, saveCustomer } from './customers.js';
import { couponDiscount } from './coupons.js';
import { couponOf, discountActive, requireDiscount } from './discounts.js';
import { chargeFailure } from './payment-methods.js';

/**
 * Invoices as subscriptions produce them: built from line drafts, stored as drafts, finalized, and
 * paid with the subscription's or customer's default card when collection is automatic.
 *
 * Stripe's fixture for `invoice` still carries a top-level `subscription` (the SDK's type moved it
 * to `parent.subscription_details`); the emulator returns both.
 */
export type InvoiceRecord = Stripe.Invoice & { subscription: string | null };

/** One line of an invoice before it is priced into discounts and totals. */
export interface LineDraft {
  readonly amount: number;
  readonly description: string;
  readonly period: { start: number; end: number };
  readonly quantity: number;
  readonly price: Stripe.Price | null;
  readonly proration: boolean;
  readonly subscriptionItem: string | null;
  /** The pending invoice item this line bills, for proration lines. */
  readonly invoiceItem: string | null;
}

export interface InvoiceDraftInput {
  readonly customer: string;
  readonly subscription: Stripe.Subscription | null;
  readonly billingReason: Stripe.Invoice.BillingReason;
  readonly lines: readonly LineDraft[];
  /** Discount ids applied to the invoice (a subscription's discounts). */
  readonly discounts: readonly string[];
  readonly currency: string;
  readonly periodStart: number;
  readonly periodEnd: number;
  /** Preview invoices (`create_preview`) get `upcoming_in_…`/`il_tmp_…` ids and are never stored. */
  readonly preview?: boolean;
}

const MAX_EMBEDDED_LINES = 10;

export function requireInvoice(store: Store, id: string, param = 'invoice'): Stripe.Invoice {
  const invoice = store.invoices.get(id);
  if (!invoice) throw resourceMissing('invoice', id, param);
  return embedLines(invoice);
}

/** Invoices embed their first ten lines; the rest are paged through `/v1/invoices/:id/lines`. */
function embedLines(invoice: Stripe.Invoice): Stripe.Invoice {
  if (invoice.lines.data.length <= MAX_EMBEDDED_LINES) return invoice;
  return { ...invoice, lines: { ...invoice.lines, data: invoice.lines.data.slice(0, MAX_EMBEDDED_LINES), has_more: true } };
}

/** Builds a draft invoice with discounts, totals and the customer's balance applied. Not stored. */
export function buildInvoice(store: Store, input: InvoiceDraftInput): Stripe.Invoice {
  const customer = requireCustomer(store, input.customer, 'customer');
  const now = store.now();
  const id = input.preview ? `upcoming_${store.newId('in')}` : store.newId('in');
  const subscriptionId = input.subscription?.id ?? null;
  const discounts = input.discounts
    .map((discountId) => requireDiscount(store, discountId))
    .filter((discount) => discountActive(discount, now));

  const allocations = discounts.map((discount) => ({
    discount: discount.id,
    amounts: allocateDiscount(couponOf(store, discount), input.lines, input.currency),
  }));

  const lines: Stripe.InvoiceLineItem[] = input.lines.map((line, index) => {
    const lineId = input.preview ? `il_tmp_${store.newId('il').slice(3)}` : store.newId('il');
    const discountAmounts = allocations.map(({ discount, amounts }) => ({ amount: amounts[index] ?? 0, discount }));
    return {
      id: lineId,
      object: 'line_item',
      amount: line.amount,
      currency: input.currency,
      description: line.description,
      discount_amounts: discountAmounts,
      discountable: true,
      discounts: [],
      invoice: id,
      livemode: false,
      metadata: {},
      parent: line.invoiceItem
        ? {
            type: 'invoice_item_details',
            invoice_item_details: {
              invoice_item: line.invoiceItem,
              proration: line.proration,
              proration_details: { credited_items: null },
              subscription: subscriptionId,
            },
            subscription_item_details: null,
          }
        : {
            type: 'subscription_item_details',
            invoice_item_details: null,
            subscription_item_details: {
              invoice_item: null,
              proration: line.proration,
              proration_details: { credited_items: null },
              subscription: subscriptionId,
              subscription_item: line.subscriptionItem ?? '',
            },
          },
      period: line.period,
      pretax_credit_amounts: [],
      pricing: line.price
        ? {
            type: 'price_details',
            price_details: { price: line.price.id, product: productIdOf(line.price) },
            unit_amount_decimal: line.price.unit_amount_decimal,
          }
        : null,
      quantity: line.quantity,
      quantity_decimal: decimal(line.quantity),
      subscription: subscriptionId,
      subtotal: line.amount,
      taxes: [],
    };
  });

  const subtotal = lines.reduce((sum, line) => sum + line.amount, 0);
  const discountTotals = new Map<string, number>();
  for (const line of lines) {
    for (const entry of line.discount_amounts ?? []) {
      const discountId = typeof entry.discount === 'string' ? entry.discount : entry.discount.id;
      discountTotals.set(discountId, (discountTotals.get(discountId) ?? 0) + entry.amount);
    }
  }
  const discountTotal = [...discountTotals.values()].reduce((sum, amount) => sum + amount, 0);
  const total = subtotal - discountTotal;
  // A negative customer balance is credit: it pays for the invoice first, and a credit on the
  // invoice (a downgrade's proration) is added to it.
  const startingBalance = customer.balance;
  const afterBalance = total + startingBalance;
  const amountDue = Math.max(afterBalance, 0);

  const invoice: InvoiceRecord = {
    id,
    object: 'invoice',
    account_country: 'US',
    account_name: null,
    account_tax_ids: null,
    amount_due: amountDue,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: amountDue,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: !input.preview,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: input.billingReason,
    collection_method: input.subscription?.collection_method ?? 'charge_automatically',
    created: now,
    currency: input.currency,
    custom_fields: null,
    customer: customer.id,
    customer_account: null,
    customer_address: customer.address ?? null,
    customer_email: customer.email,
    customer_name: customer.name ?? null,
    customer_phone: customer.phone ?? null,
    customer_shipping: null,
    customer_tax_exempt: customer.tax_exempt ?? 'none',
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: discounts.map((discount) => discount.id),
    due_date:
      input.subscription?.collection_method === 'send_invoice'
        ? now + (input.subscription.days_until_due ?? 30) * 86_400
        : null,
    effective_at: null,
    ending_balance: null,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: 'self' },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: 'list', data: lines, has_more: false, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: {},
    next_payment_attempt: null,
    number: null,
    on_behalf_of: null,
    parent: input.subscription
      ? {
          type: 'subscription_details',
          quote_details: null,
          subscription_details: { metadata: input.subscription.metadata, subscription: input.subscription.id },
        }
      : null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: input.periodEnd,
    period_start: input.periodStart,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: { amount_tax_display: null, pdf: { page_size: 'auto' }, template: null, template_version: null },
    shipping_cost: null,
    shipping_details: null,
    starting_balance: startingBalance,
    statement_descriptor: null,
    status: 'draft',
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subscription: subscriptionId,
    subtotal,
    subtotal_excluding_tax: subtotal,
    test_clock: null,
    total,
    total_discount_amounts: [...discountTotals].map(([discount, amount]) => ({ amount, discount })),
    total_excluding_tax: total,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: null,
  };
  return invoice;
}

/**
 * What a coupon takes off each line: a percentage comes off every charge; a fixed amount comes off
 * the invoice once, spread over the charges in order. Credits (negative lines) are not discounted.
 */
function allocateDiscount(coupon: Stripe.Coupon, lines: readonly LineDraft[], currency: string): number[] {
  if (coupon.percent_off !== null) return lines.map((line) => couponDiscount(coupon, line.amount, currency));
  let remaining = couponDiscount(coupon, lines.reduce((sum, line) => sum + Math.max(line.amount, 0), 0), currency);
  return lines.map((line) => {
    const amount = Math.min(Math.max(line.amount, 0), remaining);
    remaining -= amount;
    return amount;
  });
}

function productIdOf(price: Stripe.Price): string {
  return typeof price.product === 'string' ? price.product : price.product.id;
}

/** How paying an invoice would go, decided before anything is stored. */
export type PaymentOutcome =
  | { readonly kind: 'nothing_due' }
  | { readonly kind: 'send_invoice' }
  | { readonly kind: 'no_payment_method' }
  | { readonly kind: 'succeeds'; readonly paymentMethod: string }
  | { readonly kind: 'fails'; readonly paymentMethod: string; readonly failure: CardFailure };

export function paymentOutcome(
  store: Store,
  invoice: Stripe.Invoice,
  paymentMethodId: string | null,
): PaymentOutcome {
  if (invoice.amount_due === 0) return { kind: 'nothing_due' };
  if (invoice.collection_method === 'send_invoice') return { kind: 'send_invoice' };
  const paymentMethod = paymentMethodId ? store.payment_methods.get(paymentMethodId) : undefined;
  if (!paymentMethod) return { kind: 'no_payment_method' };
  const failure = chargeFailure(paymentMethod);
  return failure
    ? { kind: 'fails', paymentMethod: paymentMethod.id, failure }
    : { kind: 'succeeds', paymentMethod: paymentMethod.id };
}

/** The card an automatic collection charges: the subscription's default, else the customer's. */
export function defaultPaymentMethodFor(store: Store, subscription: Stripe.Subscription | null, customerId: string): string | null {
  const fromSubscription = subscription?.default_payment_method;
  if (fromSubscription) return typeof fromSubscription === 'string' ? fromSubscription : fromSubscription.id;
  const fromCustomer = requireCustomer(store, customerId).invoice_settings.default_payment_method;
  if (!fromCustomer) return null;
  return typeof fromCustomer === 'string' ? fromCustomer : fromCustomer.id;
}

/**
 * Stores a draft invoice and takes it as far as Stripe would right away: `invoice.created`, then
 * finalized (`invoice.finalized`, a number), then paid (`invoice.paid`,
 * `invoice.payment_succeeded`) or failed (`invoice.payment_failed`) according to `outcome`. Pending
 * invoice items it bills are marked as invoiced, and the customer's balance is settled.
 */
export function issueInvoice(store: Store, draft: Stripe.Invoice, outcome: PaymentOutcome): Stripe.Invoice {
  store.invoices.set(draft);
  recordEvent(store, 'invoice.created', draft);
  for (const line of draft.lines.data) {
    const itemId = line.parent?.invoice_item_details?.invoice_item;
    const item = itemId ? store.invoiceitems.get(itemId) : undefined;
    if (item) store.invoiceitems.set({ ...item, invoice: draft.id });
  }

  const now = store.now();
  const customer = requireCustomer(store, typeof draft.customer === 'string' ? draft.customer : (draft.customer?.id ?? ''));
  const sequence = customer.next_invoice_sequence ?? 1;
  store.customers.set({ ...customer, next_invoice_sequence: sequence + 1 });
  const afterBalance = draft.total + draft.starting_balance;
  let invoice: Stripe.Invoice = {
    ...draft,
    status: 'open',
    number: `${customer.invoice_prefix ?? 'EMU'}-${String(sequence).padStart(4, '0')}`,
    effective_at: now,
    ending_balance: Math.min(afterBalance, 0),
    status_transitions: { ...draft.status_transitions, finalized_at: now },
    webhooks_delivered_at: now,
  };
  store.invoices.set(invoice);
  recordEvent(store, 'invoice.finalized', invoice);
  if (invoice.ending_balance !== customer.balance) {
    const current = requireCustomer(store, customer.id);
    saveCustomer(store, current, { ...current, balance: invoice.ending_balance ?? 0 });
  }

  switch (outcome.kind) {
    case 'nothing_due':
    case 'succeeds':
      invoice = {
        ...invoice,
        status: 'paid',
        amount_paid: invoice.amount_due,
        amount_remaining: 0,
        attempted: outcome.kind === 'succeeds' ? true : invoice.attempted,
        attempt_count: outcome.kind === 'succeeds' ? 1 : 0,
        auto_advance: false,
        status_transitions: { ...invoice.status_transitions, paid_at: now },
      };
      store.invoices.set(invoice);
      recordEvent(store, 'invoice.paid', invoice);
      recordEvent(store, 'invoice.payment_succeeded', invoice);
      break;
    case 'fails':
      invoice = { ...invoice, attempted: true, attempt_count: 1 };
      store.invoices.set(invoice);
      recordEvent(store, 'invoice.payment_failed', invoice);
      break;
    case 'no_payment_method':
    case 'send_invoice':
      break;
  }
  return invoice;
}

const listSchema = z.strictObject({
  ...paginationShape,
  customer: z.string().optional(),
  subscription: z.string().optional(),
  status: z.enum(['draft', 'open', 'paid', 'uncollectible', 'void']).optional(),
  collection_method: z.enum(['charge_automatically', 'send_invoice']).optional(),
  created: rangeQuery.optional(),
});

const linesSchema = z.strictObject({ ...paginationShape });

function subscriptionIdOf(invoice: Stripe.Invoice): string | null {
  const subscription = invoice.parent?.subscription_details?.subscription;
  if (!subscription) return null;
  return typeof subscription === 'string' ? subscription : subscription.id;
}

export const invoicesModule: EmulatorModule = {
  name: 'invoices',
  apiRoutes: [
    {
      method: 'GET',
      path: '/v1/invoices',
      handler: ({ store, params }) => {
        const parsed = parseParams(listSchema, params);
        const invoices = store.invoices.filter(
          (invoice) =>
            (parsed.customer === undefined || invoice.customer === parsed.customer) &&
            (parsed.subscription === undefined || subscriptionIdOf(invoice) === parsed.subscription) &&
            (parsed.status === undefined || invoice.status === parsed.status) &&
            (parsed.collection_method === undefined || invoice.collection_method === parsed.collection_method) &&
            inRange(invoice.created, parsed.created),
        );
        return listObject(newestFirst(invoices).map(embedLines), parsed, '/v1/invoices', 'invoice');
      },
    },
    retrieveRoute('/v1/invoices/:id', (store, id) => requireInvoice(store, id, 'id')),
    {
      method: 'GET',
      path: '/v1/invoices/:id/lines',
      handler: (request) => {
        const id = pathParam(request, 'id');
        const parsed = parseParams(linesSchema, request.params);
        const invoice = request.store.invoices.get(id);
        if (!invoice) throw resourceMissing('invoice', id, 'invoice');
        return listObject(invoice.lines.data, parsed, `/v1/invoices/${id}/lines`, 'line_item');
      },
    },
  ],
  resolve: (store, id) => {
    const invoice = id.startsWith('in_') ? store.invoices.get(id) : undefined;
    return invoice && embedLines(invoice);
  },
};

