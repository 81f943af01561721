import { expect, test } from '@playwright/test';
import { captureForm, emulatorUrl, portalSessionAttempts, postForm, subscribedCustomer } from './support/billing';

// Stripe failing while a portal session is created, and our database being
// unreachable: the customer gets a clear message, nothing is half-done, and
// the next attempt works.

async function armFault(kind: '429' | '500' | 'hang', count: number, hangMs?: number) {
  const response = await fetch(`${emulatorUrl}/_emulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ path: '/v1/billing_portal/sessions', method: 'POST', kind, count, ...(hangMs ? { hangMs } : {}) }),
  });
  expect(response.ok).toBe(true);
}

async function clearFaults() {
  const response = await fetch(`${emulatorUrl}/_emulator/faults`, {
    method: 'DELETE',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  expect(response.ok).toBe(true);
}

// Faults are armed on the shared emulator, so this file runs in its own
// Playwright project after all the others (see playwright.config.ts), one test
// at a time: nothing else creates portal sessions meanwhile.
test.describe.configure({ mode: 'serial' });
test.afterEach(clearFaults);

for (const [kind, count, message] of [
  ['429', 3, 'Our billing provider is busy right now. Nothing was changed; please try again in a moment.'],
  ['500', 3, 'We could not reach our billing provider. Nothing was changed; please try again.'],
  ['hang', 3, 'We could not reach our billing provider. Nothing was changed; please try again.'],
] as const) {
  test(`Stripe answering ${kind === 'hang' ? 'nothing (timeouts)' : kind} → “try again”, then the retry works`, async ({ page }) => {
    await subscribedCustomer(page, `fault-${kind}`);
    await page.goto('/account');
    const before = await portalSessionAttempts();
    await armFault(kind, count, kind === 'hang' ? 6000 : undefined);

    await page.getByRole('button', { name: 'Update card' }).click();
    await expect(page.getByText(message)).toBeVisible({ timeout: 30_000 });
    await expect(page).toHaveURL('/account');
    // A 429 is tried twice more after a backoff (lib/billing/stripe-budget.ts), as 5xx and timeouts
    // are by the SDK: three attempts, no more, then the message.
    expect(await portalSessionAttempts()).toBe(before + count);

    await page.getByRole('button', { name: 'Update card' }).click();
    await expect(page).toHaveURL(new RegExp(`^${emulatorUrl}/`));
  });
}

test.describe('with the database unreachable', () => {
  const deadDatabaseUrl = `http://localhost:${Number(process.env.E2E_PORT ?? 3107) + 2}`;

  test('the account page shows a clear error and calls Stripe not at all', async ({ page }) => {
    await subscribedCustomer(page, 'fault-db');
    await page.goto('/account');
    const cancel = await captureForm(page, 'Cancel');
    const before = await portalSessionAttempts();

    // Same AUTH_SECRET and host, so the session cookie is valid there too.
    const response = await page.goto(`${deadDatabaseUrl}/account`);
    expect(response?.status()).toBe(500);
    await expect(page.getByRole('heading', { name: 'Something went wrong' })).toBeVisible();
    await expect(page.getByText('Nothing was changed.', { exact: false })).toBeVisible();

    const posted = await postForm({ ...cancel, url: `${deadDatabaseUrl}/account` });
    expect(posted.status).toBe(500);
    expect(posted.location).toBe('');
    expect(await portalSessionAttempts()).toBe(before);
  });
});
