import { rmSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { decode } from 'next-auth/jwt';
import { startSmtpSink, signInLink } from '../support/smtp-sink';
import { uniqueEmail } from './support/billing';
import { demoSignInAt, E2E_AUTH_SECRET, refusedStart, startOwnServer, type OwnServer } from './support/servers';

// What a deployment relies on, against the production build: unsafe configurations
// stop the server before it serves anything, AUTH_SECRET rotates without signing
// anyone out, e-mail sign-in sends, and every page says when the site is a public demo.

const production = { AUTH_SECRET: E2E_AUTH_SECRET, DATABASE_URL: 'postgres://app@127.0.0.1:9/never-reached' };

test.describe('refused at start-up, naming the variable', () => {
  for (const [label, env, message] of [
    ['a blank STRIPE_SECRET_KEY', { ...production, STRIPE_SECRET_KEY: '' }, /STRIPE_SECRET_KEY is set but blank/],
    ['no Stripe key in production', { ...production }, /STRIPE_SECRET_KEY is required in production/],
    [
      'no database in production',
      { AUTH_SECRET: E2E_AUTH_SECRET, STRIPE_SECRET_KEY: 'sk_test_fake' },
      /DATABASE_URL is required in production/,
    ],
    [
      'demo sign-in beside GitHub',
      { PORTAL_FLOWS_DEMO: 'true', AUTH_SECRET: E2E_AUTH_SECRET, AUTH_DEMO: 'true', AUTH_GITHUB_ID: 'id', AUTH_GITHUB_SECRET: 'secret' },
      /AUTH_DEMO must not be "true" beside GitHub or e-mail sign-in/,
    ],
    [
      'demo sign-in with a live key',
      { ...production, STRIPE_SECRET_KEY: 'sk_live_fake', AUTH_DEMO: 'true' },
      /AUTH_DEMO must not be "true" with a live Stripe key/,
    ],
    [
      'demo sign-in in production without the opt-in',
      { ...production, STRIPE_SECRET_KEY: 'sk_test_fake', AUTH_DEMO: 'true' },
      /AUTH_DEMO must not be "true" in production unless/,
    ],
  ] as const) {
    test(label, async () => {
      test.setTimeout(90_000);
      const { code, answered, output } = await refusedStart(env);
      expect(output).toMatch(message);
      expect(code).toBe(1);
      expect(answered).toBe(false);
    });
  }
});

test('a rotated AUTH_SECRET: old sessions still work, new ones use the new secret', async ({ browser }) => {
  // Three server starts on the embedded database, each some seconds on a busy machine.
  test.setTimeout(240_000);
  const rotated = 'rotated-e2e-auth-secret-abcdef0123456789abcdef';
  let server: OwnServer | undefined = await startOwnServer({ AUTH_SECRET: E2E_AUTH_SECRET });
  const { dataDir, port } = server;
  try {
    const before = await browser.newContext();
    const page = await before.newPage();
    const early = uniqueEmail('before-rotation');
    await demoSignInAt(page, server.appUrl, early);
    const oldCookies = await before.cookies();
    await server.stop();

    // Same data, same port, the new secret first and the old one still accepted.
    server = await startOwnServer({ AUTH_SECRET: `${rotated},${E2E_AUTH_SECRET}` }, { dataDir, port });
    await page.goto(`${server.appUrl}/account`);
    await expect(page.getByTestId('account-email')).toHaveText(early);

    const after = await browser.newContext();
    const fresh = await after.newPage();
    await demoSignInAt(fresh, server.appUrl, uniqueEmail('after-rotation'));
    const token = (await after.cookies()).find((cookie) => cookie.name === 'authjs.session-token')!.value;
    const salt = 'authjs.session-token';
    expect(await decode({ token, secret: rotated, salt })).toMatchObject({ sub: expect.any(String) });
    await expect(decode({ token, secret: E2E_AUTH_SECRET, salt })).rejects.toThrow();
    await server.stop();

    // Once the old secret is dropped, cookies made with it are refused.
    server = await startOwnServer({ AUTH_SECRET: rotated }, { dataDir, port });
    const dropped = await browser.newContext();
    await dropped.addCookies(oldCookies);
    const stale = await dropped.newPage();
    await stale.goto(`${server.appUrl}/account`);
    await expect(stale).toHaveURL(`${server.appUrl}/signin?callbackUrl=%2Faccount`);
    await fresh.goto(`${server.appUrl}/account`);
    await expect(fresh.getByTestId('account-email')).toBeVisible();
  } finally {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('e-mail sign-in sends a magic link through SMTP (nodemailer), and the link signs in', async ({ page }) => {
  test.setTimeout(120_000);
  const sink = await startSmtpSink();
  // E-mail sign-in only: demo sign-in is never offered beside it.
  const server = await startOwnServer({ EMAIL_SERVER: sink.url, EMAIL_FROM: 'billing@example.com' });
  try {
    const email = uniqueEmail('magic-link');
    await page.goto(`${server.appUrl}/signin?callbackUrl=%2Faccount`);
    await expect(page.getByRole('heading', { name: 'Demo sign-in' })).toHaveCount(0);
    await page.getByRole('textbox', { name: 'E-mail' }).fill(email);
    await page.getByRole('button', { name: 'E-mail me a sign-in link' }).click();
    await expect(page.getByRole('heading', { name: 'Check your e-mail', level: 1 })).toBeVisible();

    const mail = await sink.messageTo(email);
    expect(mail.from).toBe('billing@example.com');
    await page.goto(signInLink(mail, server.appUrl));
    await expect(page).toHaveURL(`${server.appUrl}/account`);
    await expect(page.getByTestId('account-email')).toHaveText(email);
  } finally {
    await server.stop();
    await sink.close();
    rmSync(server.dataDir, { recursive: true, force: true });
  }
});

test('a public demo says so in every page footer', async ({ page }) => {
  for (const path of ['/', '/pricing', '/signin', '/no-such-page']) {
    await page.goto(path);
    await expect(page.getByRole('contentinfo').getByTestId('public-demo-notice')).toContainText('Public demo — not a real shop.');
  }
  await expect(page.getByTestId('public-demo-notice')).toContainText('Anyone can sign in as any e-mail address');
});

test('a favicon and an Open Graph image on APP_URL', async ({ page, request, baseURL }) => {
  const favicon = await request.get('/favicon.ico');
  expect(favicon.status()).toBe(200);
  expect((await favicon.body()).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
  await page.goto('/');
  const image = await page.locator('meta[property="og:image"]').getAttribute('content');
  expect(image).toBe(`${baseURL}/og.png`);
  const og = await request.get(image!);
  expect(og.status()).toBe(200);
  expect(og.headers()['content-type']).toBe('image/png');
  await expect(page.locator('link[rel="icon"]').first()).toHaveAttribute('href', /\/favicon\.ico/);
});
