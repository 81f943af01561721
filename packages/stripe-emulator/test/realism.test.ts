import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Realism } from '../src/realism.js';
import { startEmulator, stripeClient, type Harness } from '../src/testing.js';

// Realism: a rate limit answered with Stripe's 429 and a latency with jitter, both off by default.

describe('Realism (the model)', () => {
  it('is off by default: no delay, every request admitted', () => {
    const realism = new Realism();
    expect(realism.settings).toEqual({ latencyMs: 0, jitterMs: 0, rateLimit: 0 });
    expect(realism.delayMs()).toBe(0);
    expect(Array.from({ length: 1000 }, () => realism.admit()).every(Boolean)).toBe(true);
  });

  it('admits a second’s worth at once, then refills at the rate', () => {
    let now = 0;
    const realism = new Realism({ rateLimit: 25 }, () => now);
    const burst = Array.from({ length: 30 }, () => realism.admit());
    expect(burst.filter(Boolean)).toHaveLength(25);
    now += 200; // a fifth of a second: five more tokens
    expect(Array.from({ length: 10 }, () => realism.admit()).filter(Boolean)).toHaveLength(5);
    now += 10_000; // the bucket holds one second's worth, however long it waited
    expect(Array.from({ length: 40 }, () => realism.admit()).filter(Boolean)).toHaveLength(25);
  });

  it('varies the latency uniformly within ± jitter and never below zero', () => {
    const realism = new Realism({ latencyMs: 150, jitterMs: 50 });
    expect(realism.delayMs(() => 0)).toBe(100);
    expect(realism.delayMs(() => 0.5)).toBe(150);
    expect(realism.delayMs(() => 0.999999)).toBe(200);
    realism.configure({ latencyMs: 10, jitterMs: 100 });
    expect(realism.delayMs(() => 0)).toBe(0);
  });
});

describe('the emulator under realism', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startEmulator();
  });
  afterAll(async () => {
    await harness.close();
  });
  beforeEach(async () => {
    await harness.control('POST', '/_emulator/realism', { latencyMs: 0, jitterMs: 0, rateLimit: 0 });
    await harness.control('DELETE', '/_emulator/requests');
  });

  it('answers beyond the rate with Stripe’s 429: rate_limit, Stripe-Rate-Limited-Reason, and no Stripe-Should-Retry', async () => {
    expect(await harness.control('POST', '/_emulator/realism', { rateLimit: 5 })).toEqual({
      realism: { latencyMs: 0, jitterMs: 0, rateLimit: 5 },
    });
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => fetch(`${harness.url}/v1/customers`, { headers: { Authorization: 'Bearer sk_test_rate' } })),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    const refused = answers.find((answer) => answer.status === 429)!;
    expect(refused.headers.get('stripe-rate-limited-reason')).toBe('global-rate');
    expect(refused.headers.get('stripe-should-retry')).toBeNull();
    expect(await refused.json()).toEqual({
      error: {
        type: 'invalid_request_error',
        code: 'rate_limit',
        doc_url: 'https://stripe.com/docs/error-codes/rate-limit',
        message: 'Request rate limit exceeded. You can learn more about rate limits here https://stripe.com/docs/rate-limits.',
      },
    });
    // Refused requests are in the request log too: they count against what a client spent.
    const log = (await harness.control('GET', '/_emulator/requests')) as { total: number };
    expect(log.total).toBe(8);
  });

  it('raises a StripeRateLimitError in the SDK, which does not retry it by itself', async () => {
    await harness.control('POST', '/_emulator/realism', { rateLimit: 1 });
    const stripe = new Stripe('sk_test_rate', { host: '127.0.0.1', port: harness.port, protocol: 'http', maxNetworkRetries: 2 });
    await stripe.customers.list();
    const error = await stripe.customers.list().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect(error).toMatchObject({ statusCode: 429, code: 'rate_limit' });
    expect(((await harness.control('GET', '/_emulator/requests')) as { total: number }).total).toBe(2);
  });

  it('refills: after waiting a second’s share, requests pass again', async () => {
    await harness.control('POST', '/_emulator/realism', { rateLimit: 10 });
    const stripe = stripeClient(harness.port);
    await Promise.all(Array.from({ length: 10 }, () => stripe.customers.list()));
    await expect(stripe.customers.list()).rejects.toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    await new Promise((resolve) => setTimeout(resolve, 250));
    await expect(stripe.customers.list()).resolves.toMatchObject({ object: 'list' });
  });

  it('adds latency with jitter to API answers only, and reports its settings', async () => {
    await harness.control('POST', '/_emulator/realism', { latencyMs: 120, jitterMs: 40 });
    expect(await harness.control('GET', '/_emulator/realism')).toEqual({ realism: { latencyMs: 120, jitterMs: 40, rateLimit: 0 } });
    const stripe = stripeClient(harness.port);
    const times: number[] = [];
    for (let i = 0; i < 6; i++) {
      const started = performance.now();
      await stripe.customers.list();
      times.push(performance.now() - started);
    }
    expect(Math.min(...times)).toBeGreaterThanOrEqual(75);
    expect(Math.max(...times)).toBeLessThan(400);
    // The control plane is not delayed.
    const started = performance.now();
    await harness.control('GET', '/_emulator/health');
    expect(performance.now() - started).toBeLessThan(60);
  });

  it('refuses malformed settings and keeps the old ones', async () => {
    const answer = (await harness.control('POST', '/_emulator/realism', { rateLimit: -1, speed: 'fast' })) as {
      error?: { message: string };
    };
    expect(answer.error?.message).toMatch(/rateLimit|speed/);
    expect(await harness.control('GET', '/_emulator/realism')).toEqual({ realism: { latencyMs: 0, jitterMs: 0, rateLimit: 0 } });
  });
});

describe('realism from options', () => {
  it('starts with the rate limit and latency given to createEmulator', async () => {
    const limited = await startEmulator({ rateLimit: 2, latencyMs: 50, latencyJitterMs: 10 });
    try {
      expect(limited.emulator.realism.settings).toEqual({ latencyMs: 50, jitterMs: 10, rateLimit: 2 });
      const stripe = stripeClient(limited.port);
      const results = await Promise.allSettled([stripe.customers.list(), stripe.customers.list(), stripe.customers.list()]);
      expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    } finally {
      await limited.close();
    }
  });
});
