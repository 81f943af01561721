import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EMAIL, DEMO_TWO_PLANS_EMAIL, seedDemoData } from '@/lib/billing/demo';
import { findCustomerByUserId, findUserByEmail } from '@/lib/db/queries';
import { startBillingWorld, storedBilling, type BillingWorld } from '../support/billing';

// seedDemoData: what `npm run dev` gives a fresh clone in emulator mode, so every button
// on /account has something to act on. It uses fixed e-mail addresses, so this file has
// a database of its own (see openBillingDatabase).

describe('seedDemoData', () => {
  let world: BillingWorld;
  const firstLog: string[] = [];

  async function demoState(email: string) {
    const user = await findUserByEmail(world.db, email);
    const customer = user ? await findCustomerByUserId(world.db, user.id) : null;
    if (!user || !customer) throw new Error(`no demo customer for ${email}`);
    const stored = await storedBilling(world.db, customer.stripeCustomerId);
    const inStripe = await world.stripe.subscriptions.list({ customer: customer.stripeCustomerId, status: 'all', limit: 100 });
    return { user, customerId: customer.stripeCustomerId, ...stored, inStripe: inStripe.data };
  }

  beforeAll(async () => {
    world = await startBillingWorld({ database: 'own' });
    await seedDemoData(world.db, world.stripe, { config: world.config, resolved: world.setup.resolved }, (line) => firstLog.push(line));
  });
  afterAll(async () => {
    await world?.close();
  });

  it('after applyBilling → the demo customer with an active Pro monthly subscription and a default Visa card, in our database', async () => {
    const demo = await demoState(DEMO_EMAIL);
    expect(await world.stripe.customers.retrieve(demo.customerId)).toMatchObject({ email: DEMO_EMAIL, name: 'Ada Demo' });
    expect(demo.subscriptions.map((row) => [row.status, row.productName, row.priceId, row.interval])).toEqual([
      ['active', 'Pro', world.priceId('pro_monthly'), 'month'],
    ]);
    expect(demo.paymentMethods.map((method) => [method.brand, method.last4, method.isDefault])).toEqual([['visa', '4242', true]]);
    expect(demo.subscriptions.map((row) => row.id)).toEqual(demo.inStripe.map((subscription) => subscription.id));
  });

  it('after applyBilling → the two-plans customer with Starter monthly and Team yearly and a default Mastercard', async () => {
    const two = await demoState(DEMO_TWO_PLANS_EMAIL);
    expect(two.subscriptions.map((row) => [row.status, row.priceLookupKey]).sort()).toEqual([
      ['active', 'starter_monthly'],
      ['active', 'team_yearly'],
    ]);
    expect(two.paymentMethods.map((method) => [method.brand, method.last4, method.isDefault])).toEqual([['mastercard', '4444', true]]);
    expect(two.subscriptions.map((row) => row.id).sort()).toEqual(two.inStripe.map((subscription) => subscription.id).sort());
  });

  it('logs one "created" line per demo customer', () => {
    expect(firstLog).toHaveLength(2);
    expect(firstLog[0]).toMatch(/^\s+created\s+demo customer demo@example\.com \(cus_\w+\) with pro_monthly$/);
    expect(firstLog[1]).toMatch(/^\s+created\s+demo customer two-plans@example\.com \(cus_\w+\) with starter_monthly and team_yearly$/);
  });

  it('run again → changes nothing: same customers, same subscription ids, no new Stripe objects', async () => {
    const before = await Promise.all([demoState(DEMO_EMAIL), demoState(DEMO_TWO_PLANS_EMAIL)]);
    await world.harness.control('DELETE', '/_emulator/requests');
    const log: string[] = [];

    await seedDemoData(world.db, world.stripe, { config: world.config, resolved: world.setup.resolved }, (line) => log.push(line));

    const after = await Promise.all([demoState(DEMO_EMAIL), demoState(DEMO_TWO_PLANS_EMAIL)]);
    for (const [index, state] of after.entries()) {
      const previous = before[index]!;
      expect(state.user.id).toBe(previous.user.id);
      expect(state.customerId).toBe(previous.customerId);
      expect(state.subscriptions.map((row) => row.id)).toEqual(previous.subscriptions.map((row) => row.id));
      expect(state.paymentMethods.map((method) => method.id)).toEqual(previous.paymentMethods.map((method) => method.id));
      expect(state.inStripe.map((subscription) => subscription.id)).toEqual(previous.inStripe.map((subscription) => subscription.id));
    }
    expect(log.map((line) => line.trim().split(/\s+/)[0])).toEqual(['unchanged', 'unchanged']);
    const summary = (await world.harness.control('GET', '/_emulator/requests')) as { routes: Record<string, number> };
    expect(Object.keys(summary.routes).filter((route) => route.startsWith('POST '))).toEqual([]);
  });
});
