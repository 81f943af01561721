import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { stripeClient } from '../src/testing.js';
import { emulatorSuite } from './emulator-suite.js';

// Stripe's wire protocol as the SDK sees it: authentication, the error envelope, parameter
// validation, idempotency, expansion and pagination.

const { harness, stripe } = await emulatorSuite();

/** The error a request fails with (the test fails if it succeeds). */
async function failure(request: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  const outcome = await request.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(Stripe.errors.StripeError);
  return outcome as Stripe.errors.StripeError;
}

async function rawRequest(path: string, init: RequestInit = {}) {
  const response = await fetch(`${harness.url}${path}`, init);
  return { status: response.status, body: (await response.json()) as { error?: Record<string, unknown> } & Record<string, unknown> };
}

describe('authentication', () => {
  it('refuses a request without an API key with 401 and Stripe’s message', async () => {
    const { status, body } = await rawRequest('/v1/customers');
    expect(status).toBe(401);
    expect(body.error?.type).toBe('invalid_request_error');
    expect(body.error?.message).toMatch(/^You did not provide an API key\./);
  });

  it('refuses a malformed key as invalid, redacting it', async () => {
    const { status, body } = await rawRequest('/v1/customers', { headers: { Authorization: 'Bearer not-a-key-at-all' } });
    expect(status).toBe(401);
    expect(body.error?.message).toMatch(/^Invalid API Key provided: \*+-all$/);

    await expect(stripeClient(harness.port, 'sk_test_').customers.list()).rejects.toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
  });

  it('refuses live keys', async () => {
    const error = await stripeClient(harness.port, 'sk_live_1234567890')
      .customers.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect((error as Stripe.errors.StripeError).message).toMatch(/only accepts test mode keys/);
  });

  it('accepts any test key, bearer or basic', async () => {
    await expect(stripeClient(harness.port, 'sk_test_anything').customers.list()).resolves.toMatchObject({ object: 'list' });
    const basic = Buffer.from('sk_test_curl:').toString('base64');
    const { status } = await rawRequest('/v1/customers', { headers: { Authorization: `Basic ${basic}` } });
    expect(status).toBe(200);
  });
});

describe('errors', () => {
  it('answers an unknown route with Stripe’s 404 envelope', async () => {
    const { status, body } = await rawRequest('/v1/foo', { headers: { Authorization: 'Bearer sk_test_1' } });
    expect(status).toBe(404);
    expect(body.error).toMatchObject({
      type: 'invalid_request_error',
      message: 'Unrecognized request URL (GET: /v1/foo). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.',
    });
  });

  it('names a missing object the way Stripe does', async () => {
    const error = await stripe.subscriptions.retrieve('sub_missing').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
      param: 'id',
      message: "No such subscription: 'sub_missing'",
    });
  });

  it('rejects an unknown parameter, in bracket notation when nested', async () => {
    await expect(stripe.customers.create({ nickname: 'x' } as Stripe.CustomerCreateParams)).rejects.toMatchObject({
      statusCode: 400,
      code: 'parameter_unknown',
      param: 'nickname',
      message: 'Received unknown parameter: nickname',
    });
    await expect(
      stripe.customers.create({ invoice_settings: { colour: 'red' } } as unknown as Stripe.CustomerCreateParams),
    ).rejects.toMatchObject({ param: 'invoice_settings[colour]', message: 'Received unknown parameter: invoice_settings[colour]' });
  });

  it('reports a missing parameter with its bracket path', async () => {
    const customer = await stripe.customers.create();
    await expect(stripe.subscriptions.create({ customer: customer.id, items: [{ quantity: 2 }] })).rejects.toMatchObject({
      code: 'parameter_missing',
      param: 'items[0][price]',
      message: 'Missing required param: items[0][price].',
    });
  });

  it('rejects values of the wrong kind', async () => {
    const { status, body } = await rawRequest('/v1/customers?limit=lots', { headers: { Authorization: 'Bearer sk_test_1' } });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ param: 'limit', message: 'Invalid integer: lots' });
    await expect(stripe.customers.list({ limit: 500 })).rejects.toMatchObject({
      param: 'limit',
      message: 'This value must be less than or equal to 100.',
    });
  });

  it('echoes the Stripe-Version it was sent and rejects a malformed one', async () => {
    const response = await fetch(`${harness.url}/v1/customers`, {
      headers: { Authorization: 'Bearer sk_test_1', 'Stripe-Version': '2024-06-20' },
    });
    expect(response.headers.get('stripe-version')).toBe('2024-06-20');
    expect(response.headers.get('request-id')).toMatch(/^req_/);
    const bad = await rawRequest('/v1/customers', { headers: { Authorization: 'Bearer sk_test_1', 'Stripe-Version': 'latest' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toBe('Invalid Stripe API version: latest');
  });
});

describe('idempotency', () => {
  it('replays the saved response for the same key and parameters', async () => {
    const first = await stripe.customers.create({ email: 'once@example.com' }, { idempotencyKey: 'key-replay' });
    const second = await stripe.customers.create({ email: 'once@example.com' }, { idempotencyKey: 'key-replay' });
    expect(second.id).toBe(first.id);
    expect(second.lastResponse.headers['idempotent-replayed']).toBe('true');
    const matching = await stripe.customers.list({ email: 'once@example.com' });
    expect(matching.data).toHaveLength(1);
  });

  it('refuses the same key with other parameters', async () => {
    await stripe.customers.create({ email: 'a@example.com' }, { idempotencyKey: 'key-conflict' });
    const error = await stripe.customers.create({ email: 'b@example.com' }, { idempotencyKey: 'key-conflict' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect((error as Stripe.errors.StripeError).message).toContain(
      "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than 'key-conflict'",
    );
  });

  it('refuses the same key on another endpoint', async () => {
    await stripe.customers.create({}, { idempotencyKey: 'key-endpoint' });
    await expect(stripe.products.create({ name: 'X' }, { idempotencyKey: 'key-endpoint' })).rejects.toMatchObject({
      type: 'StripeIdempotencyError',
      message: expect.stringContaining("('POST /v1/products' vs 'POST /v1/customers')"),
    });
  });

  it('replays errors too, but not parameter validation failures', async () => {
    const first = await stripe.customers.retrieve('cus_nobody').catch((e: unknown) => e);
    expect(first).toMatchObject({ code: 'resource_missing' });

    const attach = () => stripe.paymentMethods.attach('pm_card_visa', { customer: 'cus_nobody' }, { idempotencyKey: 'key-error' });
    await expect(attach()).rejects.toMatchObject({ code: 'resource_missing' });
    const replay = await failure(attach());
    expect(replay.headers?.['idempotent-replayed']).toBe('true');

    const invalid = () =>
      stripe.customers.create({ email: 'x', bogus: 1 } as Stripe.CustomerCreateParams, { idempotencyKey: 'key-invalid' });
    await expect(invalid()).rejects.toMatchObject({ code: 'parameter_unknown' });
    const again = await failure(invalid());
    expect(again.headers?.['idempotent-replayed']).toBeUndefined();
  });
});

describe('expand', () => {
  it('expands nested ids along dotted paths, including list data', async () => {
    const product = await stripe.products.create({
      name: 'Expanded',
      default_price_data: { currency: 'usd', unit_amount: 900, recurring: { interval: 'month' } },
    });
    const customer = await stripe.customers.create({ payment_method: 'pm_card_visa' });
    const [card] = (await stripe.customers.listPaymentMethods(customer.id)).data;
    const updated = await stripe.customers.update(customer.id, {
      invoice_settings: { default_payment_method: card!.id },
      expand: ['invoice_settings.default_payment_method'],
    });
    const defaultCard = updated.invoice_settings.default_payment_method as Stripe.PaymentMethod;
    expect(defaultCard.object).toBe('payment_method');
    expect(defaultCard.card?.last4).toBe('4242');

    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: product.default_price as string }],
      expand: ['latest_invoice', 'customer'],
    });
    expect((subscription.latest_invoice as Stripe.Invoice).object).toBe('invoice');
    expect((subscription.customer as Stripe.Customer).id).toBe(customer.id);

    const list = await stripe.subscriptions.list({ customer: customer.id, expand: ['data.items.data.price.product'] });
    const listedProduct = list.data[0]?.items.data[0]?.price.product as Stripe.Product;
    expect(listedProduct.name).toBe('Expanded');
  });

  it('refuses to expand what is not an id', async () => {
    const customer = await stripe.customers.create({ email: 'plain@example.com' });
    await expect(stripe.customers.retrieve(customer.id, { expand: ['email'] })).rejects.toMatchObject({
      statusCode: 400,
      message: 'This property cannot be expanded (email).',
    });
    await expect(stripe.customers.list({ expand: ['customer'] })).rejects.toMatchObject({
      message: 'This property cannot be expanded (customer).',
    });
  });
});

describe('lists', () => {
  it('pages newest first with limit, starting_after and ending_before', async () => {
    const ids: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      ids.push((await stripe.customers.create({ email: `page@example.com`, name: `n${index}` })).id);
    }
    const newestFirst = [...ids].reverse();

    const first = await stripe.customers.list({ email: 'page@example.com', limit: 2 });
    expect(first).toMatchObject({ object: 'list', has_more: true, url: '/v1/customers' });
    expect(first.data.map((customer) => customer.id)).toEqual(newestFirst.slice(0, 2));

    const second = await stripe.customers.list({ email: 'page@example.com', limit: 2, starting_after: first.data[1]!.id });
    expect(second.data.map((customer) => customer.id)).toEqual(newestFirst.slice(2, 4));
    expect(second.has_more).toBe(true);

    const last = await stripe.customers.list({ email: 'page@example.com', limit: 2, starting_after: second.data[1]!.id });
    expect(last.data.map((customer) => customer.id)).toEqual(newestFirst.slice(4));
    expect(last.has_more).toBe(false);

    const before = await stripe.customers.list({ email: 'page@example.com', limit: 2, ending_before: newestFirst[4] });
    expect(before.data.map((customer) => customer.id)).toEqual(newestFirst.slice(2, 4));
    expect(before.has_more).toBe(true);

    const all = await stripe.customers.list({ email: 'page@example.com', limit: 2 }).autoPagingToArray({ limit: 10 });
    expect(all.map((customer) => customer.id)).toEqual(newestFirst);
  });

  it('reports an unknown cursor', async () => {
    await expect(stripe.customers.list({ starting_after: 'cus_gone' })).rejects.toMatchObject({
      code: 'resource_missing',
      param: 'starting_after',
    });
  });
});

describe('atomicity', () => {
  it('leaves nothing behind when a request fails halfway', async () => {
    const product = await stripe.products.create({
      name: 'Declined',
      default_price_data: { currency: 'usd', unit_amount: 500, recurring: { interval: 'month' } },
    });
    const customer = await stripe.customers.create({ payment_method: 'pm_card_chargeCustomerFail' });
    const [card] = (await stripe.customers.listPaymentMethods(customer.id)).data;
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card!.id } });
    const eventsBefore = harness.emulator.store.events.size;

    const error = await stripe.subscriptions
      .create({ customer: customer.id, items: [{ price: product.default_price as string }], payment_behavior: 'error_if_incomplete' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error).toMatchObject({ code: 'card_declined', decline_code: 'generic_decline' });

    expect(await stripe.subscriptions.list({ customer: customer.id, status: 'all' })).toMatchObject({ data: [] });
    expect(await stripe.invoices.list({ customer: customer.id })).toMatchObject({ data: [] });
    expect(harness.emulator.store.events.size).toBe(eventsBefore);

    // The customer is written before its card is refused; the refusal takes the customer back.
    const customersBefore = harness.emulator.store.customers.size;
    await expect(
      stripe.customers.create({ email: 'declined@example.com', payment_method: 'pm_card_chargeDeclined' }),
    ).rejects.toMatchObject({ code: 'card_declined' });
    expect(harness.emulator.store.customers.size).toBe(customersBefore);
    expect((await stripe.customers.list({ email: 'declined@example.com' })).data).toEqual([]);
    expect(harness.emulator.store.events.size).toBe(eventsBefore);
  });
});
