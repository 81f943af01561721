import type Stripe from 'stripe';
import { recordEvent } from '../events.js';
import { checkoutState } from '../resources/checkout-sessions/index.js';
import { createCustomer, requireCustomer, updateCustomer } from '../resources/customers.js';
import { attachPaymentMethod, createCardPaymentMethod, type CardDetails } from '../resources/payment-methods/index.js';
import { createSubscription } from '../resources/subscriptions/index.js';
import type { Store } from '../store.js';
import { idOf } from '../ids.js';

/**
 * What pressing "Subscribe" does: the customer (created from the email when the session has none),
 * the card, the subscription and its first invoice, all through the API's own functions, so the
 * same events are recorded (`customer.created`, `payment_method.attached`,
 * `customer.subscription.created`, `invoice.paid`, …), then `checkout.session.completed`. It runs
 * in one store transaction: a declined card leaves nothing behind.
 */

export interface CheckoutSubmission {
  readonly email: string;
  readonly name: string | null;
  /** Null when the session collects no card (`payment_method_collection: 'if_required'` and nothing due). */
  readonly card: CardDetails | null;
  /** A promotion code the customer entered, already looked up. */
  readonly promotionCode: Stripe.PromotionCode | null;
}

export function completeCheckoutSession(
  store: Store,
  session: Stripe.Checkout.Session,
  submission: CheckoutSubmission,
): Stripe.Checkout.Session {
  return store.transaction(() => {
    const state = checkoutState(store, session.id);
    const existing = idOf(session.customer);
    let customer = existing
      ? requireCustomer(store, existing, 'customer')
      : createCustomer(store, { email: submission.email, ...(submission.name && { name: submission.name }) });
    // A customer without an email is asked for one, and keeps it.
    if (customer.email === null) customer = updateCustomer(store, customer.id, { email: submission.email });

    const card = submission.card;
    const paymentMethod = card
      ? attachPaymentMethod(
          store,
          createCardPaymentMethod(store, card, { billing_details: { email: customer.email ?? submission.email, name: submission.name } })
            .id,
          customer.id,
          'payment_method',
        )
      : null;
    const missingPaymentMethod = state.subscription_data.missing_payment_method;

    const discounts: Stripe.Checkout.Session.Discount[] = submission.promotionCode
      ? [{ coupon: null, promotion_code: submission.promotionCode.id }]
      : (session.discounts ?? []);
    const subscription = createSubscription(store, {
      customer: customer.id,
      items: state.line_items.map((item) => ({ price: item.price?.id ?? '', quantity: item.quantity ?? 1 })),
      ...(paymentMethod && { default_payment_method: paymentMethod.id }),
      ...(missingPaymentMethod && { trial_settings: { end_behavior: { missing_payment_method: missingPaymentMethod } } }),
      payment_behavior: 'error_if_incomplete',
      metadata: state.subscription_data.metadata,
      ...(state.subscription_data.trial_period_days !== null && { trial_period_days: state.subscription_data.trial_period_days }),
      ...(state.subscription_data.description !== null && { description: state.subscription_data.description }),
      ...(discounts.length > 0 && {
        discounts: discounts.map((discount) => {
          const promotionCode = idOf(discount.promotion_code);
          return promotionCode ? { promotion_code: promotionCode } : { coupon: idOf(discount.coupon) ?? '' };
        }),
      }),
    });

    const invoiceId = idOf(subscription.latest_invoice);
    const invoice = invoiceId ? store.invoices.get(invoiceId) : undefined;
    const current = requireCustomer(store, customer.id);
    const completed: Stripe.Checkout.Session = {
      ...session,
      status: 'complete',
      payment_status: !invoice || invoice.amount_due === 0 ? 'no_payment_required' : 'paid',
      customer: customer.id,
      customer_details: {
        address: current.address ?? null,
        business_name: null,
        email: current.email ?? submission.email,
        individual_name: null,
        name: submission.name ?? current.name ?? null,
        phone: current.phone ?? null,
        tax_exempt: current.tax_exempt ?? 'none',
        tax_ids: [],
      },
      collected_information: { business_name: null, individual_name: null, shipping_details: null },
      discounts: discounts.length > 0 ? discounts : session.discounts,
      subscription: subscription.id,
      invoice: invoiceId,
      amount_subtotal: invoice?.subtotal ?? session.amount_subtotal,
      amount_total: invoice?.total ?? session.amount_total,
      total_details: {
        amount_discount: invoice ? invoice.subtotal - invoice.total : (session.total_details?.amount_discount ?? 0),
        amount_shipping: 0,
        amount_tax: 0,
      },
      url: null,
    };
    store.checkout_sessions.set(completed);
    recordEvent(store, 'checkout.session.completed', completed);
    return completed;
  });
}

/** `success_url` with `{CHECKOUT_SESSION_ID}` filled in, as Stripe redirects to it. */
export function successUrlOf(session: Stripe.Checkout.Session): string {
  return (session.success_url ?? '').replaceAll('{CHECKOUT_SESSION_ID}', session.id);
}
