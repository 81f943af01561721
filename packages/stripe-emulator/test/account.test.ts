import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Harness } from '../src/testing.js';

// GET /v1/account: each emulator state is one account, whose id the app records beside the
// catalogue it sets up, so ids from one emulator are told apart from another's.

let harnesses: Harness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.map((harness) => harness.close()));
  harnesses = [];
});

async function emulator(options?: Parameters<typeof startEmulator>[0]) {
  const harness = await startEmulator(options);
  harnesses.push(harness);
  return harness;
}

describe('GET /v1/account', () => {
  it('answers the same acct_ id on every call, in test mode', async () => {
    const { stripe } = await emulator();
    const first = await stripe.accounts.retrieveCurrent();
    expect(first).toMatchObject({ object: 'account', charges_enabled: true, country: 'US', default_currency: 'usd' });
    expect(first.id).toMatch(/^acct_[A-Za-z0-9]{16}$/);
    expect((await stripe.accounts.retrieveCurrent()).id).toBe(first.id);
  });

  it('is another account in another emulator, and after a reset', async () => {
    const one = await emulator();
    const two = await emulator();
    const id = (await one.stripe.accounts.retrieveCurrent()).id;
    expect((await two.stripe.accounts.retrieveCurrent()).id).not.toBe(id);
    await one.control('POST', '/_emulator/reset');
    expect((await one.stripe.accounts.retrieveCurrent()).id).not.toBe(id);
  });

  it('keeps its id across a restart on the same data file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'stripe-emulator-account-'));
    try {
      const dataFile = join(dir, 'state.json');
      const first = await startEmulator({ dataFile });
      const id = (await first.stripe.accounts.retrieveCurrent()).id;
      await first.close();
      const second = await emulator({ dataFile });
      expect((await second.stripe.accounts.retrieveCurrent()).id).toBe(id);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses parameters it does not take', async () => {
    const { stripe } = await emulator();
    await expect(stripe.accounts.retrieveCurrent({ colour: 'blue' } as object)).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      message: expect.stringContaining('colour'),
    });
  });
});
