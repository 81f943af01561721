import type Stripe from 'stripe';
import type { Store } from '../../store.js';
import type { InvoiceRecord } from './index.js';
import { decimal } from '../amounts.js';
import { requireCustomer } from '../customers.js';
import { couponDiscount } from '../coupons.js';
import { couponOf, discountActive, requireDiscount } from '../discounts.js';

// Building an invoice from line drafts: discounts, totals and the customer's balance.

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
    due_date: input.subscription?.collection_method === 'send_invoice' ? now + (input.subscription.days_until_due ?? 30) * 86_400 : null,
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
  let remaining = couponDiscount(
    coupon,
    lines.reduce((sum, line) => sum + Math.max(line.amount, 0), 0),
    currency,
  );
  return lines.map((line) => {
    const amount = Math.min(Math.max(line.amount, 0), remaining);
    remaining -= amount;
    return amount;
  });
}

function productIdOf(price: Stripe.Price): string {
  return typeof price.product === 'string' ? price.product : price.product.id;
}
