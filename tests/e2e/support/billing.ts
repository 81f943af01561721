import { expect, type Page } from '@playwright/test';
import Stripe from 'stripe';

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

export async function fillCard(page: Page, number: string) {
  await page.getByLabel('Card number').fill(number);
  await page.getByLabel('Expiry').fill('12 / 34');
  await page.getByLabel('CVC').fill('123');
}

/**
 * A new user who subscribed to `plan` through our pricing page and the hosted
 * Checkout, ending on the account page: the way a real customer gets there.
 */
export async function subscribedCustomer(page: Page, label: string, plan = 'pro') {
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

/** Counts of API requests the emulator has served, by "METHOD /path" route. */
export async function portalSessionCount() {
  const response = await fetch(`${emulatorUrl}/_emulator/requests`);
  const log = (await response.json()) as { routes?: Record<string, number> };
  return log.routes?.['POST /v1/billing_portal/sessions'] ?? 0;
}
