import { expect, type Page } from '@playwright/test';
import Stripe from 'stripe';
import { plans } from './catalog';

/** The e2e server's emulator (see playwright.config.ts). */
export const emulatorUrl = `http://127.0.0.1:${process.env.E2E_EMULATOR_PORT ?? 12197}`;

export const emulatorStripe = new Stripe('sk_test_e2e', {
  host: '127.0.0.1',
  port: Number(process.env.E2E_EMULATOR_PORT ?? 12197),
  protocol: 'http',
  maxNetworkRetries: 0,
});

export function uniqueEmail(label: string) {
  return `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

export async function signIn(page: Page, email: string, callbackUrl = '/account') {
  await page.goto(`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(callbackUrl);
}

/** Leaves a hosted portal page by its "Return to …" link (the page's first: the header's or the confirmation's). */
export async function returnFromPortal(page: Page) {
  await page
    .getByRole('link', { name: /^Return to/ })
    .first()
    .click();
}

export async function fillCard(page: Page, number: string) {
  await page.getByLabel('Card number').fill(number);
  await page.getByLabel('Expiry').fill('12 / 34');
  await page.getByLabel('CVC').fill('123');
}

/**
 * A new user who subscribed to `plan` (a product key; by default the plan the tests call
 * `plans.subscribed`) through our pricing page and the hosted Checkout, ending on the
 * account page: the way a real customer gets there.
 */
export async function subscribedCustomer(page: Page, label: string, plan = plans.subscribed.key) {
  const email = uniqueEmail(label);
  await signIn(page, email, '/pricing');
  await page.locator(`[data-plan="${plan}"]`).getByRole('button', { name: 'Subscribe' }).click();
  await expect(page).toHaveURL(new RegExp(`^${emulatorUrl}/`));
  await fillCard(page, '4242 4242 4242 4242');
  await page.getByRole('button', { name: 'Subscribe' }).click();
  await expect(page).toHaveURL(/\/account\/subscribed/);
  await expect(page.getByTestId('subscription')).toHaveCount(1);
  const customers = await emulatorStripe.customers.list({ email, limit: 2 });
  expect(customers.data).toHaveLength(1);
  const customer = customers.data[0]!;
  const subscriptions = await emulatorStripe.subscriptions.list({ customer: customer.id, limit: 5 });
  return { email, customerId: customer.id, subscriptionId: subscriptions.data[0]!.id };
}

/**
 * Every `POST /v1/billing_portal/sessions` the emulator received, failed ones
 * included. Global to the emulator: only for tests that run alone (the fault suite).
 */
export async function portalSessionAttempts() {
  const response = await fetch(`${emulatorUrl}/_emulator/requests`);
  const log = (await response.json()) as { routes?: Record<string, number> };
  return log.routes?.['POST /v1/billing_portal/sessions'] ?? 0;
}

/**
 * Portal sessions created for one customer, from the `billing_portal.session.created`
 * events Stripe records: safe while other tests create sessions in parallel.
 */
export async function portalSessionsFor(...customerIds: string[]) {
  let count = 0;
  for await (const event of emulatorStripe.events.list({ type: 'billing_portal.session.created', limit: 100 })) {
    const session = event.data.object as { customer?: string };
    if (session.customer && customerIds.includes(session.customer)) count += 1;
  }
  return count;
}

export interface CapturedForm {
  /** The page the form posts to (a server action posts to its own page). */
  url: string;
  fields: [string, string][];
  cookie: string;
}

/**
 * Reads the form around `buttonName` exactly as a browser without JavaScript would
 * post it, with the session cookie, so a test can replay it with one thing changed.
 * The page must come from a full load (`page.goto`): a form React rendered after a
 * client-side navigation has no fields for a no-JavaScript post.
 */
export async function captureForm(page: Page, buttonName: string, within = page.locator('body')): Promise<CapturedForm> {
  const form = within.locator('form', { has: page.getByRole('button', { name: buttonName, exact: true }) }).first();
  const fields = await form.evaluate((element) =>
    [...new FormData(element as HTMLFormElement).entries()].map(([key, value]) => [key, String(value)] as [string, string]),
  );
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  return { url: page.url(), fields, cookie };
}

/** Posts a captured form (fields as given, so a test can tamper with them) and returns status, location and body. */
export async function postForm(
  form: CapturedForm,
  options: { fields?: [string, string][]; cookie?: string | null; headers?: Record<string, string> } = {},
) {
  const body = new FormData();
  for (const [key, value] of options.fields ?? form.fields) body.append(key, value);
  const headers: Record<string, string> = { origin: new URL(form.url).origin, ...options.headers };
  const cookie = options.cookie === undefined ? form.cookie : options.cookie;
  if (cookie) headers.cookie = cookie;
  const response = await fetch(form.url, { method: 'POST', body, headers, redirect: 'manual' });
  return { status: response.status, location: response.headers.get('location') ?? '', text: await response.text() };
}

/** Every field with `name` replaced by `value` (or duplicated when `value` is an array). */
export function withField(fields: [string, string][], name: string, value: string | string[]): [string, string][] {
  const values = Array.isArray(value) ? value : [value];
  const others = fields.filter(([key]) => key !== name);
  return [...others, ...values.map((v) => [name, v] as [string, string])];
}
