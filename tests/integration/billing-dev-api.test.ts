import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devApplyBilling, devReadCatalog, type DevApiContext } from '@/lib/billing/dev-api';
import type { SetupReport } from '@/lib/billing/setup-report';
import { writeDevServer } from '@/lib/dev-server';
import { startBillingWorld, type BillingWorld } from '../support/billing';
import { buildBillingConfig } from '../support/billing-config';

// The development-only route commands use while `npm run dev` holds the embedded database
// (app/api/dev/billing): refused outside development, from elsewhere and without the token
// npm run dev wrote; otherwise it applies the config it is sent and reads the catalogue.

let world: BillingWorld;
let dataDir: string;
let token: string;
let removeRecord: () => void;
let context: DevApiContext;

beforeAll(async () => {
  world = await startBillingWorld({ database: 'own', apply: false });
  dataDir = mkdtempSync(path.join(tmpdir(), 'portal-flows-dev-api-'));
  ({
    record: { token },
    remove: removeRecord,
  } = writeDevServer(dataDir, 'http://127.0.0.1:3000'));
  context = { db: world.db, stripe: world.stripe, env: { nodeEnv: 'development', dataDir, stripe: { mode: 'emulator', livemode: false } } };
});

afterAll(async () => {
  removeRecord?.();
  rmSync(dataDir, { recursive: true, force: true });
  await world?.close();
});

function request(method: 'GET' | 'POST', options: { token?: string; host?: string; forwardedFor?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = { host: options.host ?? '127.0.0.1:3000', 'content-type': 'application/json' };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.forwardedFor) headers['x-forwarded-for'] = options.forwardedFor;
  return new Request('http://127.0.0.1:3000/api/dev/billing', {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
}

describe('/api/dev/billing', () => {
  it('outside development → 404, whatever the request carries', async () => {
    const production = { ...context, env: { ...context.env, nodeEnv: 'production' as const } };
    expect((await devReadCatalog(request('GET', { token }), production)).status).toBe(404);
    expect((await devApplyBilling(request('POST', { token, body: {} }), production)).status).toBe(404);
  });

  it('a Host or X-Forwarded-For that is not this machine → 403', async () => {
    expect((await devReadCatalog(request('GET', { token, host: 'billing.example.com' }), context)).status).toBe(403);
    expect((await devReadCatalog(request('GET', { token, forwardedFor: '203.0.113.9' }), context)).status).toBe(403);
  });

  it('no token or another token → 401', async () => {
    expect((await devReadCatalog(request('GET'), context)).status).toBe(401);
    expect((await devReadCatalog(request('GET', { token: `${token}x` }), context)).status).toBe(401);
  });

  it('an invalid config → 400 with the problems, and nothing applied', async () => {
    const config = buildBillingConfig();
    const invalid = { ...config, products: [{ ...config.products[0]!, prices: [] }] };
    const response = await devApplyBilling(request('POST', { token, body: { config: invalid } }), context);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { problems: string[] }).problems).toContain('products.0.prices: needs at least one price');
    expect((await world.stripe.products.list()).data).toHaveLength(0);
  });

  it('a valid config with the token → applied, answered as a set-up report; the catalogue is then readable', async () => {
    const response = await devApplyBilling(request('POST', { token, forwardedFor: '127.0.0.1', body: { config: world.config } }), context);
    expect(response.status).toBe(200);
    const report = (await response.json()) as SetupReport;
    expect(report.scope).toMatchObject({ mode: 'emulator', accountId: expect.stringMatching(/^acct_/) });
    expect(report.steps.filter((step) => step.status === 'create')).toHaveLength(report.steps.length);
    expect(report.demo).toEqual([]);

    const catalog = await devReadCatalog(request('GET', { token }), context);
    const { rows } = (await catalog.json()) as { rows: { kind: string; key: string; stripeMode: string }[] };
    expect(rows.filter((row) => row.kind === 'price')).toHaveLength(world.config.products.flatMap((product) => product.prices).length);
    expect(new Set(rows.map((row) => row.stripeMode))).toEqual(new Set(['emulator']));
  });
});
