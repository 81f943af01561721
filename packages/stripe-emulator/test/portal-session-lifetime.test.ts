import { describe, expect, it } from 'vitest';
import { advanceClock, portalSuite } from './emulator-suite.js';
import { fullFeatures, subscribedCustomer, textOf } from './portal-helpers.js';

// How long a portal session's URL works: its own file, as it moves the emulator's clock.

const RETURN_URL = 'https://shop.example.com/account';

const { harness, stripe, browser, catalog } = await portalSuite({ emulator: { portalTtlSeconds: 300 }, defaultConfiguration: false });
await stripe.billingPortal.configurations.create({
  business_profile: { headline: 'Manage your Team plan', terms_of_service_url: 'https://shop.example.com/terms' },
  features: fullFeatures(catalog),
});

async function portal(customer: string) {
  const session = await stripe.billingPortal.sessions.create({ customer, return_url: RETURN_URL });
  return { session, page: await browser.get(session.url) };
}

describe('session lifetime', () => {
  it('a URL not opened within portalTtlSeconds says it expired and shows the way back; an opened one keeps working', async () => {
    const { customer } = await subscribedCustomer(stripe, catalog.basic);
    const unopened = await stripe.billingPortal.sessions.create({ customer: customer.id, return_url: RETURN_URL });
    const opened = await portal(customer.id);

    await advanceClock(harness, 301);
    const expired = await browser.get(unopened.url);
    expect(expired.status).toBe(410);
    const text = textOf(expired.html);
    expect(text).toContain('This portal session has expired');
    expect(text).toContain('Return to shop.example.com');
    expect(expired.html).toContain(`href="${RETURN_URL}"`);
    expect((await browser.get(`${unopened.url}/payment-method`)).status).toBe(410);

    expect((await browser.get(opened.session.url)).status).toBe(200);

    const unknown = await browser.get('/p/session/test_unknown');
    expect(unknown.status).toBe(404);
  });
});
