import type Stripe from 'stripe';
import { z } from 'zod';
import { cardError, invalidRequest, resourceMissing } from '../../errors.js';
import { changedAttributes, recordEvent } from '../../events.js';
import { matchesFilters, newestFirst } from '../../list.js';
import {
  addressParam,
  createRoute,
  emptyable,
  formInt,
  idRoute,
  listRoute,
  mergeMetadata,
  metadataParam,
  noParams,
  pageRoute,
  paginationShape,
  parseParams,
  retrieveRoute,
  toAddress,
  updateRoute,
} from '../../params.js';
import { pathParam, type EmulatorModule } from '../../router.js';
import type { Store } from '../../store.js';
import { requireCustomer, saveCustomer } from '../customers.js';
import { fingerprintOf, TEST_CARDS, testCardOf, testTokenCardNumber } from './test-cards.js';

export { chargeFailure, paymentNeedsAuthentication, setupNeedsAuthentication, withCustomerAuthentication } from './test-cards.js';

// Card payment methods: created from card details or test shortcuts, attached, detached, updated.

const billingDetailsParam = z.strictObject({
  address: emptyable(addressParam).optional(),
  email: emptyable(z.string()).optional(),
  name: emptyable(z.string()).optional(),
  phone: emptyable(z.string()).optional(),
});

const cardParam = z.strictObject({
  token: z.string().optional(),
  number: z.string().optional(),
  exp_month: formInt().optional(),
  exp_year: formInt().optional(),
  cvc: z.string().optional(),
});

const createSchema = z.strictObject({
  type: z.enum(['card']),
  card: cardParam.optional(),
  billing_details: billingDetailsParam.optional(),
  metadata: metadataParam().optional(),
  allow_redisplay: z.enum(['always', 'limited', 'unspecified']).optional(),
});

const updateSchema = z.strictObject({
  billing_details: billingDetailsParam.optional(),
  metadata: metadataParam().optional(),
  allow_redisplay: z.enum(['always', 'limited', 'unspecified']).optional(),
  card: z.strictObject({ exp_month: formInt().optional(), exp_year: formInt().optional() }).optional(),
});

const listSchema = z.strictObject({
  ...paginationShape,
  customer: z.string().optional(),
  type: z.enum(['card']).optional(),
});

const customerListSchema = z.strictObject({
  ...paginationShape,
  type: z.enum(['card']).optional(),
  allow_redisplay: z.enum(['always', 'limited', 'unspecified']).optional(),
});

export type CardDetails = { number: string; exp_month: number; exp_year: number; cvc?: string | undefined };
export type BillingDetailsInput = z.output<typeof billingDetailsParam>;

function requirePaymentMethod(store: Store, id: string, param = 'payment_method'): Stripe.PaymentMethod {
  const paymentMethod = store.payment_methods.get(id);
  if (!paymentMethod) throw resourceMissing('PaymentMethod', id, param);
  return paymentMethod;
}

/**
 * Creates an unattached card payment method from a test card number, as a hosted page does with
 * what the customer typed. Unknown numbers and past expiry dates are refused as Stripe refuses them.
 */
export function createCardPaymentMethod(
  store: Store,
  card: CardDetails,
  details: {
    billing_details?: BillingDetailsInput;
    metadata?: Record<string, string> | null;
    allow_redisplay?: Stripe.PaymentMethod.AllowRedisplay;
  } = {},
): Stripe.PaymentMethod {
  const number = card.number.replace(/[\s-]/g, '');
  const testCard = TEST_CARDS[number];
  if (!testCard) throw cardError('incorrect_number', 'number');
  if (!Number.isInteger(card.exp_month) || card.exp_month < 1 || card.exp_month > 12) {
    throw cardError('invalid_expiry_month', 'exp_month');
  }
  const now = new Date(store.now() * 1000);
  const expired =
    card.exp_year < now.getUTCFullYear() || (card.exp_year === now.getUTCFullYear() && card.exp_month < now.getUTCMonth() + 1);
  if (expired) throw cardError(card.exp_year < now.getUTCFullYear() ? 'invalid_expiry_year' : 'invalid_expiry_month', 'exp_year');

  const billing = details.billing_details ?? {};
  const paymentMethod: Stripe.PaymentMethod = {
    id: store.newId('pm'),
    object: 'payment_method',
    allow_redisplay: details.allow_redisplay ?? 'unspecified',
    billing_details: {
      address: toAddress(billing.address ?? {}),
      email: billing.email ?? null,
      name: billing.name ?? null,
      phone: billing.phone ?? null,
      tax_id: null,
    },
    card: {
      brand: testCard.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: card.cvc ? 'pass' : null },
      country: testCard.country,
      display_brand: testCard.brand,
      exp_month: card.exp_month,
      exp_year: card.exp_year,
      fingerprint: fingerprintOf(number),
      funding: testCard.funding,
      generated_from: null,
      last4: number.slice(-4),
      networks: { available: [testCard.brand], preferred: null },
      regulated_status: 'unregulated',
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: store.now(),
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: mergeMetadata({}, details.metadata),
    type: 'card',
  };
  store.payment_methods.set(paymentMethod);
  return paymentMethod;
}

/** A card for a `pm_card_…`/`tok_…` shortcut: the test number, expiring in a few years. */
function createFromTestToken(store: Store, token: string, param: string): Stripe.PaymentMethod {
  const number = testTokenCardNumber(token);
  if (!number) throw resourceMissing('PaymentMethod', token, param);
  const now = new Date(store.now() * 1000);
  return createCardPaymentMethod(store, {
    number,
    exp_month: now.getUTCMonth() + 1,
    exp_year: now.getUTCFullYear() + 3,
    cvc: '123',
  });
}

/**
 * Attaches a payment method (or a `pm_card_…` test shortcut, which creates one) to a customer and
 * records `payment_method.attached`. Cards that decline on attach throw Stripe's card error.
 */
export function attachPaymentMethod(store: Store, idOrToken: string, customerId: string, param = 'payment_method'): Stripe.PaymentMethod {
  const customer = requireCustomer(store, customerId, 'customer');
  const existing = store.payment_methods.get(idOrToken);
  const paymentMethod = existing ?? createFromTestToken(store, idOrToken, param);
  if (paymentMethod.customer === customer.id) return paymentMethod;
  if (paymentMethod.customer !== null) {
    throw invalidRequest('The payment method you provided has already been attached to a customer.', param);
  }
  const failure = testCardOf(paymentMethod)?.failsOnAttach;
  if (failure) throw cardError(failure);

  const attached: Stripe.PaymentMethod = { ...paymentMethod, customer: customer.id };
  store.payment_methods.set(attached);
  recordEvent(store, 'payment_method.attached', attached, { customer: null });
  return attached;
}

/**
 * Detaches a payment method from its customer (`payment_method.detached`). If it was the
 * customer's default for invoices, that default is cleared (`customer.updated`).
 */
function detachPaymentMethod(store: Store, id: string): Stripe.PaymentMethod {
  const paymentMethod = requirePaymentMethod(store, id, 'payment_method');
  const customerId = typeof paymentMethod.customer === 'string' ? paymentMethod.customer : paymentMethod.customer?.id;
  if (!customerId) {
    throw invalidRequest('The payment method you provided is not attached to a customer so detachment is impossible.', 'payment_method');
  }
  const detached: Stripe.PaymentMethod = { ...paymentMethod, customer: null };
  store.payment_methods.set(detached);
  recordEvent(store, 'payment_method.detached', detached, { customer: customerId });

  const customer = store.customers.get(customerId);
  if (customer && customer.invoice_settings.default_payment_method === id) {
    saveCustomer(store, customer, {
      ...customer,
      invoice_settings: { ...customer.invoice_settings, default_payment_method: null },
    });
  }
  return detached;
}

function updatePaymentMethod(store: Store, id: string, params: z.output<typeof updateSchema>): Stripe.PaymentMethod {
  const before = requirePaymentMethod(store, id);
  const billing = params.billing_details;
  const after: Stripe.PaymentMethod = {
    ...before,
    ...(params.allow_redisplay !== undefined && { allow_redisplay: params.allow_redisplay }),
    metadata: mergeMetadata(before.metadata ?? {}, params.metadata),
    billing_details: {
      ...before.billing_details,
      ...(billing?.address !== undefined && { address: toAddress(billing.address ?? {}) }),
      ...(billing?.email !== undefined && { email: billing.email }),
      ...(billing?.name !== undefined && { name: billing.name }),
      ...(billing?.phone !== undefined && { phone: billing.phone }),
    },
    ...(before.card &&
      params.card && {
        card: {
          ...before.card,
          ...(params.card.exp_month !== undefined && { exp_month: params.card.exp_month }),
          ...(params.card.exp_year !== undefined && { exp_year: params.card.exp_year }),
        },
      }),
  };
  const previous = changedAttributes(before, after);
  if (!previous) return before;
  store.payment_methods.set(after);
  recordEvent(store, 'payment_method.updated', after, previous);
  return after;
}

function createFromParams(store: Store, params: z.output<typeof createSchema>): Stripe.PaymentMethod {
  const card = params.card;
  if (!card) throw invalidRequest('Missing required param: card.', 'card', 'parameter_missing');
  const details = { billing_details: params.billing_details, metadata: params.metadata, allow_redisplay: params.allow_redisplay };
  if (card.token !== undefined) {
    const number = testTokenCardNumber(card.token);
    if (!number) throw resourceMissing('token', card.token, 'card[token]');
    const now = new Date(store.now() * 1000);
    return createCardPaymentMethod(
      store,
      { number, exp_month: now.getUTCMonth() + 1, exp_year: now.getUTCFullYear() + 3, cvc: '123' },
      details,
    );
  }
  if (card.number === undefined) throw invalidRequest('Missing required param: card[number].', 'card[number]', 'parameter_missing');
  if (card.exp_month === undefined)
    throw invalidRequest('Missing required param: card[exp_month].', 'card[exp_month]', 'parameter_missing');
  if (card.exp_year === undefined) throw invalidRequest('Missing required param: card[exp_year].', 'card[exp_year]', 'parameter_missing');
  return createCardPaymentMethod(
    store,
    { number: card.number, exp_month: card.exp_month, exp_year: card.exp_year, cvc: card.cvc },
    details,
  );
}

export const paymentMethodsModule: EmulatorModule = {
  name: 'payment_methods',
  apiRoutes: [
    createRoute('/v1/payment_methods', createSchema, createFromParams),
    listRoute('/v1/payment_methods', listSchema, 'payment_method', (store, params) => {
      if (params.customer !== undefined) requireCustomer(store, params.customer, 'customer');
      return store.payment_methods.filter((pm) => matchesFilters(params, { customer: pm.customer }));
    }),
    retrieveRoute('/v1/payment_methods/:id', (store, id) => requirePaymentMethod(store, id, 'payment_method')),
    updateRoute('/v1/payment_methods/:id', updateSchema, updatePaymentMethod),
    {
      method: 'POST',
      path: '/v1/payment_methods/:id/attach',
      handler: (request) => {
        const { customer } = parseParams(z.strictObject({ customer: z.string() }), request.params);
        return attachPaymentMethod(request.store, pathParam(request, 'id'), customer);
      },
    },
    idRoute('POST', '/v1/payment_methods/:id/detach', detachPaymentMethod),
    pageRoute('/v1/customers/:customer/payment_methods', customerListSchema, 'payment_method', (request, params) => {
      const customerId = pathParam(request, 'customer');
      requireCustomer(request.store, customerId);
      const methods = request.store.payment_methods.filter(
        (pm) => pm.customer === customerId && matchesFilters(params, { allow_redisplay: pm.allow_redisplay }),
      );
      return newestFirst(methods);
    }),
    {
      method: 'GET',
      path: '/v1/customers/:customer/payment_methods/:id',
      handler: (request) => {
        parseParams(noParams, request.params);
        const customerId = pathParam(request, 'customer');
        requireCustomer(request.store, customerId);
        const paymentMethod = request.store.payment_methods.get(pathParam(request, 'id'));
        if (!paymentMethod || paymentMethod.customer !== customerId) {
          throw resourceMissing('payment_method', pathParam(request, 'id'));
        }
        return paymentMethod;
      },
    },
  ],
  resolve: (store, id) => (id.startsWith('pm_') ? store.payment_methods.get(id) : undefined),
};
