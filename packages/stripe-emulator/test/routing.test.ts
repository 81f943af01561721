import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resourceMissing } from '../src/errors.js';
import { recordEvent } from '../src/events.js';
import { createCustomer } from '../src/resources/customers.js';
import { html, pathParam, redirect, type EmulatorModule } from '../src/router.js';
import { builtInModules } from '../src/modules.js';
import { startEmulator, type Harness } from '../src/testing.js';

// The routing contract other modules build on: API routes as data, HTML/form routes without a key,
// errors turned into envelopes or pages, and every handler run as one transaction.

const testModule: EmulatorModule = {
  name: 'routing-test',
  apiRoutes: [
    {
      method: 'GET',
      path: '/v1/test_things/:id',
      handler: (request) => ({
        object: 'test_thing',
        id: pathParam(request, 'id'),
        owner: null,
        params: request.params,
        expand: request.expand,
      }),
    },
    {
      method: 'POST',
      path: '/v1/test_crash',
      handler: () => {
        throw new Error('a bug in a handler');
      },
    },
  ],
  pageRoutes: [
    {
      method: 'GET',
      path: '/p/hello/:name',
      handler: (request) => html(`<!doctype html><p>Hello ${pathParam(request, 'name')} (${String(request.query.lang)})</p>`),
    },
    {
      method: 'POST',
      path: '/p/customers',
      handler: ({ store, form }) => {
        const customer = createCustomer(store, { email: String(form.email), metadata: form.metadata as Record<string, string> });
        return redirect(`/p/customers/${customer.id}`);
      },
    },
    {
      method: 'POST',
      path: '/p/half-done',
      handler: ({ store }) => {
        const customer = createCustomer(store, { email: 'half@example.com' });
        recordEvent(store, 'customer.updated', customer, {});
        throw resourceMissing('subscription', 'sub_gone');
      },
    },
  ],
};

let harness: Harness;

beforeAll(async () => {
  harness = await startEmulator({ modules: [...builtInModules, testModule] });
});

afterAll(async () => {
  await harness.close();
});

const post = (path: string, body: string) =>
  fetch(`${harness.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body,
    redirect: 'manual',
  });

describe('API routes', () => {
  it('receive path parameters, decoded params and expand paths', async () => {
    const response = await fetch(`${harness.url}/v1/test_things/thing_1?a[b]=c&list[0]=x&expand[0]=owner`, {
      headers: { Authorization: 'Bearer sk_test_routing' },
    });
    expect(await response.json()).toEqual({
      object: 'test_thing',
      id: 'thing_1',
      owner: null,
      params: { a: { b: 'c' }, list: ['x'] },
      expand: ['owner'],
    });
  });

  it('turn unexpected exceptions into a 500 api_error', async () => {
    const response = await fetch(`${harness.url}/v1/test_crash`, { method: 'POST', headers: { Authorization: 'Bearer sk_test_routing' } });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: { type: 'api_error', message: 'An unknown error occurred' } });
  });
});

describe('page routes', () => {
  it('serve HTML without an API key', async () => {
    const response = await fetch(`${harness.url}/p/hello/Ada?lang=fr`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toContain('Hello Ada (fr)');
  });

  it('decode urlencoded forms and answer with a 303', async () => {
    const response = await post('/p/customers', 'email=form%40example.com&metadata[source]=portal');
    expect(response.status).toBe(303);
    const location = response.headers.get('location');
    expect(location).toMatch(/^\/p\/customers\/cus_/);
    const customer = await harness.stripe.customers.retrieve(location!.split('/').at(-1)!);
    expect(customer).toMatchObject({ email: 'form@example.com', metadata: { source: 'portal' } });
    const [event] = (await harness.stripe.events.list({ type: 'customer.created', limit: 1 })).data;
    expect(event?.request).toEqual({ id: null, idempotency_key: null });
  });

  it('show Stripe errors as an HTML page and keep none of the page’s changes', async () => {
    const events = harness.emulator.store.events.size;
    const response = await post('/p/half-done', '');
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('No such subscription: &#39;sub_gone&#39;');
    expect((await harness.stripe.customers.list({ email: 'half@example.com' })).data).toEqual([]);
    expect(harness.emulator.store.events.size).toBe(events);
  });

  it('fall back to Stripe’s 404 for unknown paths', async () => {
    const response = await fetch(`${harness.url}/nowhere`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      error: { message: expect.stringContaining('Unrecognized request URL (GET: /nowhere)') },
    });
  });
});
