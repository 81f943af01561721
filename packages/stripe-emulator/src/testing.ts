// `@portal-flows/stripe-emulator/testing`: an emulator on a free port with its own data file, for test suites.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { createEmulator, type Emulator, type EmulatorOptions } from './server.js';

export interface Harness {
  readonly emulator: Emulator;
  readonly stripe: Stripe;
  readonly url: string;
  readonly port: number;
  readonly dataFile: string;
  /** POST/GET/DELETE a `/_emulator/…` control and return its JSON. */
  control(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown>;
  close(): Promise<void>;
}

/** A Stripe SDK client for an emulator on `port`, without retries so tests see every answer. */
export function stripeClient(port: number, key = 'sk_test_emulator'): Stripe {
  return new Stripe(key, { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 });
}

/**
 * Starts an emulator on a free port with its own temporary data file, and a Stripe client for it.
 * Webhooks go nowhere unless `webhookUrl` is given.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'stripe-emulator-'));
  const dataFile = options.dataFile ?? join(dir, 'state.json');
  const emulator = await createEmulator({ port: 0, ...options, dataFile });
  const url = await emulator.listen();
  return {
    emulator,
    stripe: stripeClient(emulator.port),
    url,
    port: emulator.port,
    dataFile,
    async control(method, path, body) {
      // Writes are JSON, as the emulator's control-plane guard requires (emulator/control-guard.ts).
      const write = method !== 'GET';
      const response = await fetch(`${url}${path}`, {
        method,
        headers: write ? { 'Content-Type': 'application/json' } : {},
        body: write ? JSON.stringify(body ?? {}) : undefined,
      });
      return response.json();
    },
    async close() {
      await emulator.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
