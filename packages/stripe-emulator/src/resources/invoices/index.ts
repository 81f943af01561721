import type Stripe from 'stripe';
import { z } from 'zod';
import { resourceMissing, type CardFailure } from '../../errors.js';
import { recordEvent } from '../../events.js';
import { matchesFilters } from '../../list.js';
import { inRange, listRoute, pageRoute, paginationShape, rangeQuery, retrieveRoute } from '../../params.js';
import { pathParam, type EmulatorModule } from '../../router.js';
import type { Store } from '../../store.js';
import { requireCustomer, saveCustomer } from '../customers.js';
import { chargeFailure } from '../payment-methods/index.js';

/**
 * Invoices as subscriptions produce them: built from line drafts, stored as drafts, finalized, and
 * paid with the subscription's or customer's default card when collection is automatic.
 *
 * Stripe's fixture for `invoice` still carries a top-level `subscription` (the SDK's type moved it
 * to `parent.subscription_details`); the emulator returns both.
 */
export type InvoiceRecord = Stripe.Invoice & { subscription: string | null };

export { buildInvoice, type LineDraft } from './build.js';

const MAX_EMBEDDED_LINES = 10;

function requireInvoice(store: Store, id: string, param = 'invoice'): Stripe.Invoice {
  const invoice = store.invoices.get(id);
  if (!invoice) throw resourceMissing('invoice', id, param);
  return embedLines(invoice);
}

/** Invoices embed their first ten lines; the rest are paged through `/v1/invoices/:id/lines`. */
function embedLines(invoice: Stripe.Invoice): Stripe.Invoice {
  if (invoice.lines.data.length <= MAX_EMBEDDED_LINES) return invoice;
  return { ...invoice, lines: { ...invoice.lines, data: invoice.lines.data.slice(0, MAX_EMBEDDED_LINES), has_more: true } };
}

/** How paying an invoice would go, decided before anything is stored. */
export type PaymentOutcome =
  | { readonly kind: 'nothing_due' }
  | { readonly kind: 'send_invoice' }
  | { readonly kind: 'no_payment_method' }
  | { readonly kind: 'succeeds'; readonly paymentMethod: string }
  | { readonly kind: 'fails'; readonly paymentMethod: string; readonly failure: CardFailure };

export function paymentOutcome(store: Store, invoice: Stripe.Invoice, paymentMethodId: string | null): PaymentOutcome {
  if (invoice.amount_due === 0) return { kind: 'nothing_due' };
  if (invoice.collection_method === 'send_invoice') return { kind: 'send_invoice' };
  const paymentMethod = paymentMethodId ? store.payment_methods.get(paymentMethodId) : undefined;
  if (!paymentMethod) return { kind: 'no_payment_method' };
  const failure = chargeFailure(paymentMethod);
  return failure ? { kind: 'fails', paymentMethod: paymentMethod.id, failure } : { kind: 'succeeds', paymentMethod: paymentMethod.id };
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
    listRoute(
      '/v1/invoices',
      listSchema,
      'invoice',
      (store, params) =>
        store.invoices.filter(
          (invoice) =>
            matchesFilters(params, {
              customer: invoice.customer,
              subscription: subscriptionIdOf(invoice),
              status: invoice.status,
              collection_method: invoice.collection_method,
            }) && inRange(invoice.created, params.created),
        ),
      embedLines,
    ),
    retrieveRoute('/v1/invoices/:id', (store, id) => requireInvoice(store, id, 'id')),
    pageRoute('/v1/invoices/:id/lines', linesSchema, 'line_item', (request) => {
      const id = pathParam(request, 'id');
      const invoice = request.store.invoices.get(id);
      if (!invoice) throw resourceMissing('invoice', id, 'invoice');
      return invoice.lines.data;
    }),
  ],
  resolve: (store, id) => {
    const invoice = id.startsWith('in_') ? store.invoices.get(id) : undefined;
    return invoice && embedLines(invoice);
  },
};
