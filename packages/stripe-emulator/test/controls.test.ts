import { request } from 'node:http';
import Stripe from 'stripe';
import { beforeEach, describe, expect, it } from 'vitest';
import { createCustomer } from '../src/resources/customers.js';
import { startEmulator, stripeClient } from '../src/testing.js';
import { emulatorSuite } from './emulator-suite.js';

// The test controls under /_emulator: faults, the request log, reset, latency.

const { harness } = await emulatorSuite();

beforeEach(async () => {
  await harness.control('DELETE', '/_emulator/faults');
  await harness.control('DELETE', '/_emulator/requests');
});

describe('faults', () => {
  it('fails the next N matching requests with 429, which the SDK raises as a rate-limit error', async () => {
    await harness.control('POST', '/_emulator/faults', { path: '/v1/customers', method: 'POST', count: 2, kind: '429' });
    const stripe = harness.stripe;
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const error = await stripe.customers.create().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
      expect(error).toMatchObject({ statusCode: 429, code: 'rate_limit' });
    }
    await expect(stripe.customers.list()).resolves.toMatchObject({ object: 'list' });
    await expect(stripe.customers.create()).resolves.toMatchObject({ object: 'customer' });
  });

  it('fails with 500 api_error, matching path parameters', async () => {
    const customer = await harness.stripe.customers.create();
    await harness.control('POST', '/_emulator/faults', { path: '/v1/customers/:id', count: 1, kind: '500' });
    const error = await harness.stripe.customers.retrieve(customer.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(error).toMatchObject({ statusCode: 500, type: 'StripeAPIError' });
    await expect(harness.stripe.customers.retrieve(customer.id)).resolves.toMatchObject({ id: customer.id });
  });

  it('lets the SDK’s own retries ride over a transient 500', async () => {
    await harness.control('POST', '/_emulator/faults', { path: '/v1/products', count: 1, kind: '500' });
    const retrying = new Stripe('sk_test_retry', {
      host: '127.0.0.1',
      port: harness.port,
      protocol: 'http',
      maxNetworkRetries: 1,
    });
    await expect(retrying.products.create({ name: 'After a retry' })).resolves.toMatchObject({ name: 'After a retry' });
    const log = (await harness.control('GET', '/_emulator/requests')) as { counts: Record<string, number> };
    expect(log.counts['POST /v1/products']).toBe(2);
  });

  it('holds a request past the client’s timeout', async () => {
    await harness.control('POST', '/_emulator/faults', { path: '/v1/billing_portal/sessions', kind: 'hang', count: 1, hangMs: 5_000 });
    const impatient = new Stripe('sk_test_hang', {
      host: '127.0.0.1',
      port: harness.port,
      protocol: 'http',
      maxNetworkRetries: 0,
      timeout: 200,
    });
    const started = Date.now();
    const error = await impatient.billingPortal.sessions.create({ customer: 'cus_x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('rejects a malformed fault', async () => {
    const response = (await harness.control('POST', '/_emulator/faults', { path: 'v1/customers', kind: '418' })) as {
      error?: { message: string };
    };
    expect(response.error?.message).toMatch(/path|kind/);
    expect(((await harness.control('GET', '/_emulator/faults')) as { faults: unknown[] }).faults).toEqual([]);
  });
});

describe('request log', () => {
  it('counts API requests by method and path and by route', async () => {
    const stripe = harness.stripe;
    const customer = await stripe.customers.create();
    await stripe.customers.retrieve(customer.id);
    await stripe.customers.retrieve(customer.id);
    const log = (await harness.control('GET', '/_emulator/requests')) as {
      total: number;
      counts: Record<string, number>;
      routes: Record<string, number>;
      requests: { method: string; path: string; status: number }[];
    };
    expect(log.total).toBe(3);
    expect(log.counts).toEqual({ 'POST /v1/customers': 1, [`GET /v1/customers/${customer.id}`]: 2 });
    expect(log.routes).toEqual({ 'POST /v1/customers': 1, 'GET /v1/customers/:id': 2 });
    expect(log.requests.every((request) => request.status === 200)).toBe(true);

    await harness.control('DELETE', '/_emulator/requests');
    expect(((await harness.control('GET', '/_emulator/requests')) as { total: number }).total).toBe(0);
  });
});

describe('reset', () => {
  it('empties the store', async () => {
    await harness.stripe.customers.create({ email: 'gone@example.com' });
    await harness.control('POST', '/_emulator/reset');
    expect((await harness.stripe.customers.list()).data).toEqual([]);
    expect((await harness.stripe.events.list()).data).toEqual([]);
  });

  it('answers health checks', async () => {
    expect(await harness.control('GET', '/_emulator/health')).toEqual({ ok: true, api_version: Stripe.API_VERSION });
  });
});

describe('latency and seeding', () => {
  it('adds the configured latency to API calls and runs the seed hook', async () => {
    const slow = await startEmulator({
      latencyMs: 150,
      seed: (store) => {
        createCustomer(store, { name: 'Seeded' });
      },
    });
    try {
      const stripe = stripeClient(slow.port);
      const started = Date.now();
      await stripe.customers.list();
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
      expect(await slow.control('POST', '/_emulator/seed')).toEqual({ ok: true, seeded: true });
      expect((await stripe.customers.list()).data.map((customer) => customer.name)).toEqual(['Seeded']);
    } finally {
      await slow.close();
    }
  });
});

describe('who may use the controls', () => {
  /** A raw request, so that Host and Origin can be anything a browser or a rebinding page might send. */
  function raw(method: string, path: string, headers: Record<string, string>, body?: string) {
    return new Promise<{ status: number; body: { error?: { message: string; code: string } } }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: harness.port, method, path, headers }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text || '{}') }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }
  const own = () => `127.0.0.1:${harness.port}`;
  const json = { 'content-type': 'application/json' };
  const fault = JSON.stringify({ path: '/v1/customers', kind: '500', count: 1 });
  const armed = async () => ((await harness.control('GET', '/_emulator/faults')) as { faults: unknown[] }).faults.length;

  it.each([
    ['a foreign Host (DNS rebinding)', (port: number) => ({ host: `evil.example:${port}` }), /loopback Host/],
    ['a loopback Host on another port', () => ({ host: 'localhost:1' }), /loopback Host/],
    ['a cross-site Origin', () => ({ origin: 'https://evil.example' }), /refuse requests from web pages/],
    ['the Origin of another local app', () => ({ origin: 'http://localhost:3000' }), /refuse requests from web pages/],
    ['a text/plain body', () => ({ 'content-type': 'text/plain' }), /application\/json only/],
    ['a form body', () => ({ 'content-type': 'application/x-www-form-urlencoded' }), /application\/json only/],
    ['no Content-Type', () => ({ 'content-type': undefined }), /application\/json only/],
  ])('refuses a write with %s: 403 with the reason, and nothing changes', async (_label, override, reason) => {
    const headers = Object.fromEntries(
      Object.entries({ host: own(), ...json, ...override(harness.port) }).filter(
        (entry): entry is [string, string] => entry[1] !== undefined,
      ),
    );
    const answer = await raw('POST', '/_emulator/faults', headers, fault);
    expect(answer.status).toBe(403);
    expect(answer.body.error).toMatchObject({ code: 'emulator_control_refused', message: expect.stringMatching(reason) });
    expect(await armed()).toBe(0);
  });

  it('refuses a reset from a foreign Host, and reads from a foreign Origin', async () => {
    const customer = await harness.stripe.customers.create({ email: 'kept-through-refusals@example.com' });
    const reset = await raw('POST', '/_emulator/reset', { host: `attacker.example:${harness.port}`, ...json }, '{}');
    expect(reset.status).toBe(403);
    await expect(harness.stripe.customers.retrieve(customer.id)).resolves.toMatchObject({ id: customer.id });
    const read = await raw('GET', '/_emulator/requests', { host: own(), origin: 'https://evil.example' });
    expect(read.status).toBe(403);
  });

  it.each([
    ['127.0.0.1', () => ({ host: own() })],
    ['localhost', () => ({ host: `localhost:${harness.port}` })],
    ['[::1]', () => ({ host: `[::1]:${harness.port}` })],
    ['its own Origin', () => ({ host: own(), origin: `http://127.0.0.1:${harness.port}` })],
  ])('accepts a JSON write from a program on this machine (Host %s)', async (_label, headers) => {
    const answer = await raw('POST', '/_emulator/faults', { ...headers(), ...json }, fault);
    expect(answer.status).toBe(200);
    expect(await armed()).toBe(1);
    await harness.control('DELETE', '/_emulator/faults');
  });
});
