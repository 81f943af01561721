import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { BillingNotSetUpError, CONFIGURATION_CACHE_MS, createPortalSession } from '@/lib/billing/portal';
import { billingCatalog } from '@/lib/db/schema';
import { startBillingWorld, type BillingWorld, type TestCustomer } from '../support/billing';

// createPortalSession: the configuration the billing config names, from our catalogue, which a
// server reads once a minute, not on every click.

const appUrl = 'http://localhost:3000';

describe('createPortalSession', () => {
  let world: BillingWorld;
  let customer: TestCustomer;
  beforeAll(async () => {
    world = await startBillingWorld({ database: 'own' });
    customer = await world.newCustomer('portal');
  });
  afterAll(async () => {
    await world?.close();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const defaultRow = and(eq(billingCatalog.kind, 'portal_configuration'), eq(billingCatalog.key, 'default'));
  const open = () =>
    createPortalSession(
      world.db,
      world.stripe,
      { customerId: customer.customerId, appUrl, locale: 'auto', flow: { type: 'payment_method_update' } },
      world.config,
    );

  /** The newest portal session, from the event the emulator records for each one. */
  async function lastSession() {
    const events = await world.stripe.events.list({ type: 'billing_portal.session.created', limit: 1 });
    return events.data[0]?.data.object as { customer: string; configuration: string } | undefined;
  }

  it('a click → one portal session with the catalogue’s configuration; the catalogue row gone → still served for a minute, then "not set up"', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const configuration = world.setup.resolved.portal_configuration.get('default');
    expect(configuration).toMatch(/^bpc_/);

    const url = await open();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(await lastSession()).toMatchObject({ customer: customer.customerId, configuration });

    const [row] = await world.db.delete(billingCatalog).where(defaultRow).returning();
    try {
      vi.setSystemTime(Date.now() + CONFIGURATION_CACHE_MS - 1000);
      await expect(open()).resolves.toMatch(/^http/);
      vi.setSystemTime(Date.now() + 2000);
      await expect(open()).rejects.toBeInstanceOf(BillingNotSetUpError);
    } finally {
      await world.db.insert(billingCatalog).values(row!);
    }
  });

  it('a configuration set up while the server runs → used by the next click at once', async () => {
    const [row] = await world.db.delete(billingCatalog).where(defaultRow).returning();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + CONFIGURATION_CACHE_MS + 1000); // past anything remembered
    await expect(open()).rejects.toBeInstanceOf(BillingNotSetUpError);
    await world.db.insert(billingCatalog).values(row!);
    await expect(open()).resolves.toMatch(/^http/);
    expect(await lastSession()).toMatchObject({ configuration: row!.stripeId });
  });
});
