import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator } from '../src/server.js';
import { SAVE_DELAY_MS } from '../src/store.js';
import { stripeClient } from '../src/testing.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stripe-emulator-persist-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('persistence', () => {
  it('keeps state across a restart on the same data file', async () => {
    const dataFile = join(dir, 'nested', 'state.json');

    const first = await createEmulator({ port: 0, dataFile });
    await first.listen();
    const stripe = stripeClient(first.port);
    const customer = await stripe.customers.create({ email: 'kept@example.com', payment_method: 'pm_card_visa' });
    const product = await stripe.products.create({
      name: 'Kept',
      default_price_data: { currency: 'eur', unit_amount: 1200, recurring: { interval: 'month' } },
    });
    const [card] = (await stripe.customers.listPaymentMethods(customer.id)).data;
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: product.default_price as string }],
      default_payment_method: card!.id,
    });
    const endpoint = await stripe.webhookEndpoints.create({ url: 'http://127.0.0.1:9/hook', enabled_events: ['*'] });
    await first.close();

    const onDisk = JSON.parse(await readFile(dataFile, 'utf8')) as { version: number };
    expect(onDisk.version).toBe(1);
    expect((await readdir(join(dir, 'nested'))).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    const second = await createEmulator({ port: 0, dataFile });
    await second.listen();
    const again = stripeClient(second.port);
    expect(await again.customers.retrieve(customer.id)).toMatchObject({ email: 'kept@example.com' });
    const restored = await again.subscriptions.retrieve(subscription.id);
    expect(restored).toMatchObject({ status: 'active', default_payment_method: card!.id });
    expect(restored.items.data[0]?.price.unit_amount).toBe(1200);
    expect((await again.invoices.list({ subscription: subscription.id })).data).toHaveLength(1);
    expect((await again.events.list({ type: 'customer.subscription.created' })).data).toHaveLength(1);
    expect(second.store.webhookSecrets.get(endpoint.id)).toBe(endpoint.secret);
    await second.close();
  });

  it('starts empty when the file does not exist yet, and writes it on close', async () => {
    const dataFile = join(dir, 'fresh.json');
    const emulator = await createEmulator({ port: 0, dataFile });
    await emulator.listen();
    expect((await stripeClient(emulator.port).customers.list()).data).toEqual([]);
    await stripeClient(emulator.port).customers.create({ name: 'Fresh' });
    await emulator.close();
    const state = JSON.parse(await readFile(dataFile, 'utf8')) as { collections: { customers: { name: string }[] } };
    expect(state.collections.customers.map((customer) => customer.name)).toEqual(['Fresh']);
  });

  it('writes changes without waiting for close, once for a burst of requests', async () => {
    const dataFile = join(dir, 'running.json');
    const emulator = await createEmulator({ port: 0, dataFile });
    await emulator.listen();
    try {
      const stripe = stripeClient(emulator.port);
      const started = Date.now();
      for (let i = 0; i < 5; i++) await stripe.customers.create({ name: `Burst ${i}` });
      const burstMs = Date.now() - started;
      const names = async () =>
        (JSON.parse(await readFile(dataFile, 'utf8')) as { collections: { customers: { name: string }[] } }).collections.customers.map(
          (customer) => customer.name,
        );
      // Not once per request: nothing is written yet (unless a very slow machine took the whole delay).
      if (burstMs < SAVE_DELAY_MS - 100) await expect(readFile(dataFile, 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
      await new Promise((resolve) => setTimeout(resolve, SAVE_DELAY_MS + 300));
      expect(await names()).toEqual(['Burst 0', 'Burst 1', 'Burst 2', 'Burst 3', 'Burst 4']);
    } finally {
      await emulator.close();
    }
  });
});
