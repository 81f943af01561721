import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { inBackground, StripeBudget } from '@/lib/billing/stripe-budget';

// The per-process budget of Stripe requests (lib/billing/stripe-budget.ts), in front of a fake
// HTTP client that answers at once: rate, priorities, and what a 429 does.

type Answer = { status: number; headers?: Record<string, string> };

function fakeClient(answers: (call: number, path: string) => Answer) {
  const calls: { path: string; at: number }[] = [];
  const client: Stripe.HttpClient = {
    getClientName: () => 'fake',
    makeRequest: async (_host, _port, path) => {
      calls.push({ path, at: performance.now() });
      const answer = answers(calls.length, path);
      let disposed = false;
      return {
        getStatusCode: () => answer.status,
        getHeaders: () => answer.headers ?? {},
        getRawResponse: () => null,
        toStream: () => null,
        toJSON: async () => ({ disposed }),
        dispose: () => {
          disposed = true;
        },
      };
    },
  };
  return { client, calls };
}

const ok: Answer = { status: 200 };
const rateLimited: Answer = { status: 429, headers: { 'stripe-rate-limited-reason': 'global-rate' } };
const send = (client: Stripe.HttpClient, path: string) => client.makeRequest('api.stripe.com', '443', path, 'GET', {}, '', 'https', 1000);

describe('StripeBudget', () => {
  it('starts no more than requestsPerSecond requests in any one-second window', async () => {
    const { client, calls } = fakeClient(() => ok);
    const budgeted = new StripeBudget({ requestsPerSecond: 8 }).httpClient(client);
    const started = performance.now();
    await Promise.all(Array.from({ length: 20 }, (_, i) => send(budgeted, `/v1/customers/cus_${i}`)));
    expect(calls).toHaveLength(20);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1900);
    // Timestamps are taken when a request reaches the fake client, which a busy event loop can
    // delay by a few ms after the limiter released it: windows of 950 ms absorb that jitter.
    for (const call of calls) {
      const inWindow = calls.filter((other) => other.at >= call.at && other.at < call.at + 950);
      expect(inWindow.length).toBeLessThanOrEqual(8);
    }
  });

  it('starts interactive requests before background ones that were waiting', async () => {
    const { client, calls } = fakeClient(() => ok);
    const budgeted = new StripeBudget({ requestsPerSecond: 2 }).httpClient(client);
    const background = inBackground(() => Promise.all(Array.from({ length: 5 }, (_, i) => send(budgeted, `/background/${i}`))));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const click = send(budgeted, '/interactive');
    await Promise.all([background, click]);
    // The first two background requests took the first second; the click goes next.
    expect(calls.map((call) => call.path)).toEqual([
      '/background/0',
      '/background/1',
      '/interactive',
      '/background/2',
      '/background/3',
      '/background/4',
    ]);
  });

  it('on a 429 pauses, drops the refused answer and sends the request again: the caller sees the success', async () => {
    const { client, calls } = fakeClient((call) => (call <= 2 ? rateLimited : ok));
    const budget = new StripeBudget({ requestsPerSecond: 100, backoffMs: 100, maxBackoffMs: 400 });
    const started = performance.now();
    const response = await send(budget.httpClient(client), '/v1/customers/cus_1');
    expect(response.getStatusCode()).toBe(200);
    expect(calls).toHaveLength(3);
    // Two pauses: 50–100 ms, then 100–200 ms.
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(budget.stats).toEqual({ requests: 3, rateLimited: 2, waiting: 0 });
  });

  it('hands the 429 to the caller after its retries (fewer for a person waiting than for background work)', async () => {
    const { client, calls } = fakeClient(() => rateLimited);
    const budget = new StripeBudget({
      requestsPerSecond: 100,
      backoffMs: 10,
      maxBackoffMs: 20,
      retries: { interactive: 1, background: 3 },
    });
    const budgeted = budget.httpClient(client);
    expect((await send(budgeted, '/interactive')).getStatusCode()).toBe(429);
    expect(calls).toHaveLength(2);
    expect((await inBackground(() => send(budgeted, '/background'))).getStatusCode()).toBe(429);
    expect(calls).toHaveLength(6);
  });

  it('leaves a lock-timeout 429 (Stripe-Should-Retry: true) to the SDK, which retries those itself', async () => {
    const { client, calls } = fakeClient(() => ({ status: 429, headers: { 'stripe-should-retry': 'true' } }));
    const budget = new StripeBudget({ requestsPerSecond: 100 });
    expect((await send(budget.httpClient(client), '/v1/subscriptions/sub_1')).getStatusCode()).toBe(429);
    expect(calls).toHaveLength(1);
    expect(budget.stats.rateLimited).toBe(0);
  });

  it('refuses a budget that allows nothing', () => {
    expect(() => new StripeBudget({ requestsPerSecond: 0 })).toThrow(/requestsPerSecond must be positive/);
  });
});
