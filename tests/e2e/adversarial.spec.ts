import { expect, test } from '@playwright/test';
import { captureForm, emulatorStripe, emulatorUrl, portalSessionsFor, postForm, subscribedCustomer, withField } from './support/billing';
import { plans } from './support/catalog';

// Each case is stated as input → expected, and asserts that nothing happened in
// Stripe: no portal session was created and the subscription is unchanged. The
// forms are replayed as a browser without JavaScript posts them, with one thing
// changed.

test.describe('refused requests create no portal session', () => {
  test('malformed, array-valued and oversized subscription ids → a message, no session', async ({ page }) => {
    const { customerId, subscriptionId } = await subscribedCustomer(page, 'adv-ids');
    await page.goto('/account');
    const cancel = await captureForm(page, 'Cancel');
    const before = await portalSessionsFor(customerId);

    const cases: [string, [string, string][]][] = [
      ['malformed', withField(cancel.fields, 'subscriptionId', 'sub_<script>alert(1)</script>')],
      ['empty', withField(cancel.fields, 'subscriptionId', '')],
      ['array-valued', withField(cancel.fields, 'subscriptionId', [subscriptionId, subscriptionId])],
      ['oversized', withField(cancel.fields, 'subscriptionId', `sub_${'A'.repeat(10_000)}`)],
      ['missing', cancel.fields.filter(([key]) => key !== 'subscriptionId')],
    ];
    for (const [label, fields] of cases) {
      const response = await postForm(cancel, { fields });
      expect(response.status, label).toBe(200);
      expect(response.location, label).toBe('');
      expect(response.text, label).toMatch(/We could not find that subscription\.|That request was not valid\.|Choose a subscription\./);
    }
    expect(await portalSessionsFor(customerId)).toBe(before);
    const subscription = await emulatorStripe.subscriptions.retrieve(subscriptionId);
    expect(subscription.cancel_at_period_end).toBe(false);
  });

  test('no session, a tampered session cookie, or x-middleware-subrequest → sent to sign in, no session', async ({ page }) => {
    const { customerId } = await subscribedCustomer(page, 'adv-session');
    await page.goto('/account');
    const cancel = await captureForm(page, 'Cancel');
    const before = await portalSessionsFor(customerId);
    const tampered = cancel.cookie.replace(
      /(authjs\.session-token=)([^;]{10})/,
      (_, name: string, start: string) => `${name}${start.split('').reverse().join('')}`,
    );
    expect(tampered).not.toBe(cancel.cookie);

    for (const [label, options] of [
      ['no cookie', { cookie: null }],
      ['tampered cookie', { cookie: tampered }],
      [
        'x-middleware-subrequest without a session',
        { cookie: null, headers: { 'x-middleware-subrequest': 'middleware:middleware:middleware:middleware:middleware' } },
      ],
    ] as const) {
      const response = await postForm(cancel, options);
      expect(response.status, label).toBe(303);
      expect(response.location, label).toMatch(/\/signin\?callbackUrl=%2Faccount$/);
    }
    expect(await portalSessionsFor(customerId)).toBe(before);
  });

  test('a server-action POST with a foreign Origin or Origin: null → refused, no session', async ({ page }) => {
    const { customerId } = await subscribedCustomer(page, 'adv-origin');
    await page.goto('/account');
    const cancel = await captureForm(page, 'Cancel');
    const before = await portalSessionsFor(customerId);
    for (const origin of ['https://evil.example', 'null']) {
      const response = await postForm(cancel, { headers: { origin } });
      expect(response.status, origin).toBeGreaterThanOrEqual(400);
      expect(response.location, origin).not.toContain(emulatorUrl);
    }
    expect(await portalSessionsFor(customerId)).toBe(before);
  });

  test('X-Forwarded-Host, X-Forwarded-Proto and Origin of another site → the action runs and the portal returns to APP_URL', async ({
    page,
    baseURL,
  }) => {
    await subscribedCustomer(page, 'adv-host');
    await page.goto('/account');
    const card = await captureForm(page, 'Update card');
    // A proxy's forwarding headers claim another site, and the Origin agrees with them, so
    // Next.js's CSRF check (Origin against X-Forwarded-Host, else Host) lets the action run: it
    // must answer with a portal, and build every URL it gives Stripe from APP_URL, never from
    // these headers. (A same-origin Origin with a foreign X-Forwarded-Host is refused by Next.js.)
    const response = await postForm(card, {
      headers: { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https', origin: 'https://evil.example' },
    });
    expect(response.status).toBe(303);
    expect(response.location.startsWith(emulatorUrl)).toBe(true);
    const portal = await (await fetch(response.location)).text();
    expect(portal).toContain(`href="${baseURL}/account/return"`);
    expect(portal).not.toContain('evil.example');
  });

  test('a body over the size limit → refused, no session', async ({ page }) => {
    const { customerId } = await subscribedCustomer(page, 'adv-size');
    await page.goto('/account');
    const cancel = await captureForm(page, 'Cancel');
    const before = await portalSessionsFor(customerId);
    // `connection: close`: the server answers before reading the whole body and drops the socket,
    // which fetch's pool would otherwise hand to the next test's request (ECONNRESET there).
    const response = await postForm(cancel, {
      fields: [...cancel.fields, ['padding', 'x'.repeat(2 * 1024 * 1024)]],
      headers: { connection: 'close' },
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(await portalSessionsFor(customerId)).toBe(before);
  });

  test('an already-canceled subscription → “ended on …”, no session', async ({ page }) => {
    const { customerId, subscriptionId } = await subscribedCustomer(page, 'adv-canceled');
    await page.goto('/account');
    const cancel = await captureForm(page, 'Cancel');
    const change = await captureForm(page, 'Change plan');
    await emulatorStripe.subscriptions.cancel(subscriptionId);
    await page.goto('/account/return'); // sync, as the portal's return link would
    await expect(page.getByRole('button', { name: 'Cancel', exact: true })).toHaveCount(0);

    const before = await portalSessionsFor(customerId);
    for (const form of [cancel, change]) {
      const response = await postForm(form);
      expect(response.location).toBe('');
      expect(response.text).toMatch(/This subscription ended on \w+ \d+, \d{4}\./);
    }
    expect(await portalSessionsFor(customerId)).toBe(before);
  });

  test('a plan switch to the current plan → “already on”, no session', async ({ page }) => {
    const { customerId } = await subscribedCustomer(page, 'adv-same');
    await page.goto('/pricing');
    const switchForm = await captureForm(page, `Switch to ${plans.other.name}`, page.locator(`[data-plan="${plans.other.key}"]`));
    const before = await portalSessionsFor(customerId);
    const response = await postForm(switchForm, { fields: withField(switchForm.fields, 'lookupKey', plans.subscribed.lookupKey) });
    expect(response.location).toBe('');
    expect(response.text).toContain(`You are already on ${plans.subscribed.name} at this price.`);
    const unknown = await postForm(switchForm, { fields: withField(switchForm.fields, 'lookupKey', 'platinum_monthly') });
    expect(unknown.text).toContain('That plan is not available any more.');
    expect(await portalSessionsFor(customerId)).toBe(before);
  });

  test('a double click → one portal session', async ({ page }) => {
    const { customerId } = await subscribedCustomer(page, 'adv-double');
    await page.goto('/account');
    const before = await portalSessionsFor(customerId);
    await page.getByRole('button', { name: 'Update card' }).dblclick();
    await expect(page).toHaveURL(new RegExp(`^${emulatorUrl}/`));
    expect(await portalSessionsFor(customerId)).toBe(before + 1);
  });
});
