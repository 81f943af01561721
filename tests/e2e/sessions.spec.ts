import { expect, test } from '@playwright/test';
import { signIn, uniqueEmail } from './support/billing';

// Signing out ends the session on the server: the cookie it replaced is refused
// wherever it is replayed, and so is every other cookie of that user.

test('a cookie kept from before sign-out is sent to /signin', async ({ page, browser, baseURL }) => {
  const email = uniqueEmail('old-cookie');
  await signIn(page, email);
  const before = await page.context().cookies();
  expect(before.some((cookie) => cookie.name === 'authjs.session-token')).toBe(true);

  // A second browser holding the same cookie (a stolen copy, another tab) is signed in too…
  const copy = await browser.newContext({ baseURL });
  await copy.addCookies(before);
  const other = await copy.newPage();
  await other.goto('/account');
  await expect(other.getByTestId('account-email')).toHaveText(email);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();

  // …until the user signs out anywhere: the same cookie now opens nothing.
  await other.goto('/account');
  await expect(other).toHaveURL('/signin?callbackUrl=%2Faccount');
  await expect(other.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();
  const session = await (await other.request.get('/api/auth/session')).json();
  expect(session?.user ?? null).toBeNull();
  await copy.close();

  // Signing in again works, with a new cookie.
  await signIn(page, email);
  await expect(page.getByTestId('account-email')).toHaveText(email);
});

test('the session cookie expires after AUTH_SESSION_MAX_AGE (a week by default)', async ({ page }) => {
  const started = Date.now() / 1000;
  await signIn(page, uniqueEmail('max-age'));
  const cookie = (await page.context().cookies()).find((candidate) => candidate.name === 'authjs.session-token');
  const week = 7 * 24 * 60 * 60;
  expect(cookie?.expires).toBeGreaterThan(started + week - 120);
  expect(cookie?.expires).toBeLessThan(started + week + 120);
});
