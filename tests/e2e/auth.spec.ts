import { expect, test, type Page } from '@playwright/test';

function uniqueEmail(label: string) {
  return `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

async function demoSignIn(page: Page, email: string) {
  await page.getByLabel('E-mail').fill(email);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

test('demo sign-in shows the account, sign-out protects it again', async ({ page }) => {
  const email = uniqueEmail('ada');
  await page.goto('/signin');
  await demoSignIn(page, email);
  await expect(page).toHaveURL('/');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Account' }).click();
  await expect(page).toHaveURL('/account');
  await expect(page.getByTestId('account-email')).toHaveText(email);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL('/');
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();

  await page.goto('/account');
  await expect(page).toHaveURL('/signin?callbackUrl=%2Faccount');
  await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();
});

test('a visitor sent to sign in comes back to the account page', async ({ page }) => {
  const email = uniqueEmail('visitor');
  await page.goto('/account');
  await expect(page).toHaveURL('/signin?callbackUrl=%2Faccount');
  await demoSignIn(page, email);
  await expect(page).toHaveURL('/account');
  await expect(page.getByTestId('account-email')).toHaveText(email);
});

test('an invalid e-mail is refused with a message, and nobody is signed in', async ({ page }) => {
  await page.goto('/signin');
  await demoSignIn(page, 'not-an-email');
  await expect(page.getByText('Enter a valid e-mail address')).toBeVisible();
  await expect(page).toHaveURL('/signin');
  await page.goto('/account');
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
});

for (const callbackUrl of ['https://evil.example', '//evil.example', '/\\evil.example']) {
  test(`a callbackUrl of ${callbackUrl} lands on /`, async ({ page }) => {
    await page.goto(`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`);
    await demoSignIn(page, uniqueEmail('redirect'));
    await expect(page).toHaveURL('/');
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  });
}

test('Auth.js endpoints refuse to redirect off-site as well', async ({ page, baseURL }) => {
  // The sign-in API takes a callbackUrl directly; its redirect callback must keep it on APP_URL.
  const csrf = await (await page.request.get('/api/auth/csrf')).json();
  const response = await page.request.post('/api/auth/callback/demo', {
    form: { csrfToken: csrf.csrfToken, email: uniqueEmail('api'), callbackUrl: 'https://evil.example/steal' },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(302);
  expect(response.headers()['location']).toBe(`${baseURL}/`);
});
