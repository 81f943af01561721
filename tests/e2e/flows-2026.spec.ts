import { expect, test, type Page } from '@playwright/test';
import {
  captureForm,
  emulatorStripe,
  emulatorUrl,
  portalSessionsFor,
  postForm,
  returnFromPortal,
  subscribedCustomer,
} from './support/billing';
import { pauseDuration, plans, seatPlan } from './support/catalog';

// The flows Stripe's portal added (issue 15), clicked as a customer clicks them, against the
// emulator's hosted portal: "Edit billing details", "Pause" then "Resume", seats in the portal and
// from our stepper (with and without JavaScript), and an expired portal link recovered. Each test
// checks what /account shows and what Stripe holds.

const portal = new RegExp(`^${emulatorUrl}/`);

/** The per-seat subscription card on /account. */
const seatCard = (page: Page) => page.getByTestId('subscription').filter({ has: page.getByTestId('subscription-seats') });

async function expectSeats(page: Page, subscriptionId: string, seats: number) {
  const line = page.locator(`[data-subscription-id="${subscriptionId}"]`).getByTestId('subscription-seats');
  await expect(line).toHaveAttribute('data-seats', String(seats));
  await expect(line).toHaveText(`${seats} seat${seats === 1 ? '' : 's'} · ${seatPlan.perSeatText}`);
  const subscription = await emulatorStripe.subscriptions.retrieve(subscriptionId);
  expect(subscription.items.data[0]!.quantity).toBe(seats);
}

/** Confirms on Stripe's update-confirm page, then follows its "Return to …" link back to us. */
async function confirmAndReturn(page: Page) {
  await page.getByRole('button', { name: 'Confirm' }).click();
  await returnFromPortal(page);
}

test('Edit billing details: the new name and tax ID are on /account and in Stripe', async ({ page }) => {
  const { customerId } = await subscribedCustomer(page, 'billing-details');
  await page.goto('/account');
  await page.getByRole('button', { name: 'Edit billing details' }).click();
  await expect(page).toHaveURL(portal);
  await page.getByLabel('Name', { exact: true }).fill('Grace Hopper');
  await page.getByLabel('Tax ID type').selectOption('gb_vat');
  await page.getByLabel('Tax ID', { exact: true }).fill('GB123456789');
  await page.getByRole('button', { name: 'Save' }).click();

  await expect(page).toHaveURL('/account/billing-details-updated');
  await expect(page.getByTestId('notice')).toContainText('Your billing details were updated.');
  await expect(page.getByTestId('billing-name')).toHaveText('Grace Hopper');
  await expect(page.getByTestId('billing-tax-ids')).toHaveText('GB123456789');
  const customer = await emulatorStripe.customers.retrieve(customerId, { expand: ['tax_ids'] });
  expect('deleted' in customer).toBe(false);
  if (!('deleted' in customer)) {
    expect(customer.name).toBe('Grace Hopper');
    expect(customer.tax_ids?.data.map((taxId) => taxId.value)).toEqual(['GB123456789']);
  }
});

test('Pause for a preset duration, then Resume: /account says paused until a date, then active', async ({ page }) => {
  const { subscriptionId } = await subscribedCustomer(page, 'pause');
  await page.goto('/account');
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page).toHaveURL(portal);
  const label = `${pauseDuration.count} ${pauseDuration.interval}${pauseDuration.count === 1 ? '' : 's'}`;
  await page.getByLabel(label).check();
  await page.getByRole('button', { name: 'Pause subscription' }).click();

  await expect(page).toHaveURL(`/account/subscription-paused?subscription=${subscriptionId}`);
  await expect(page.getByTestId('notice')).toContainText(`Your ${plans.subscribed.name} subscription is paused until`);
  await expect(page.getByTestId('subscription-status')).toHaveText('Paused');
  await expect(page.getByTestId('subscription-paused')).toContainText(/^Paused until \w+ \d+, \d{4}$/);
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toHaveCount(0);
  const paused = await emulatorStripe.subscriptions.retrieve(subscriptionId, { expand: ['schedule'] });
  expect(paused.status).toBe('paused');
  const schedule = paused.schedule as { pause_schedules: { resume: { resume_at: number } | null }[] };
  const resumeAt = schedule.pause_schedules[0]!.resume!.resume_at;
  await expect(page.getByTestId('subscription-paused')).toHaveText(
    `Paused until ${new Date(resumeAt * 1000).toLocaleDateString('en-US', { dateStyle: 'long', timeZone: 'UTC' })}`,
  );

  const sessionsBefore = await portalSessionsFor(paused.customer as string);
  await page.getByRole('button', { name: 'Resume subscription' }).click();
  await expect(page).toHaveURL(`/account/subscription-resumed?subscription=${subscriptionId}`);
  await expect(page.getByTestId('notice')).toContainText(`Your ${plans.subscribed.name} subscription is active again.`);
  await expect(page.getByTestId('subscription-status')).toHaveText('Active');
  await expect(page.getByTestId('subscription-paused')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  const resumed = await emulatorStripe.subscriptions.retrieve(subscriptionId);
  expect(resumed.status).toBe('active');
  expect(resumed.schedule).toBeNull();
  // Resuming is one API call, not a portal session.
  expect(await portalSessionsFor(paused.customer as string)).toBe(sessionsBefore);
});

test('Seats in the portal: "Change plan" keeps the plan with another quantity', async ({ page }) => {
  const { subscriptionId } = await subscribedCustomer(page, 'seats-portal', seatPlan.key);
  await expectSeats(page, subscriptionId, 1);
  await page.getByRole('button', { name: 'Change plan' }).click();
  await expect(page).toHaveURL(portal);
  await page.getByLabel(/^Quantity/).fill('5');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Confirm' }).click();

  await expect(page).toHaveURL(`/account/plan-updated?subscription=${subscriptionId}`);
  await expectSeats(page, subscriptionId, 5);
});

test('Seats from our stepper with JavaScript: "+" twice, "Update seats", Stripe’s confirmation, back on /account', async ({ page }) => {
  const { subscriptionId } = await subscribedCustomer(page, 'seats-js', seatPlan.key);
  const stepper = seatCard(page).getByTestId('seat-stepper');
  await stepper.getByRole('button', { name: 'Add a seat' }).click();
  await stepper.getByRole('button', { name: 'Add a seat' }).click();
  await expect(stepper.getByLabel('Number of seats')).toHaveValue('3');
  // Still on /account: with JavaScript "+" only changes the number.
  await expect(page).toHaveURL(/\/account\/subscribed/);
  await stepper.getByRole('button', { name: 'Update seats' }).click();
  await expect(page).toHaveURL(portal);
  await confirmAndReturn(page);
  await expect(page).toHaveURL('/account');
  await expectSeats(page, subscriptionId, 3);
});

test('Seats from our stepper without JavaScript: "+" submits the count plus one', async ({ page, browser }) => {
  const { subscriptionId } = await subscribedCustomer(page, 'seats-nojs', seatPlan.key);
  const context = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() });
  try {
    const noJs = await context.newPage();
    await noJs.goto('/account');
    await seatCard(noJs).getByRole('button', { name: 'Add a seat' }).click();
    await expect(noJs).toHaveURL(portal);
    await confirmAndReturn(noJs);
    await expect(noJs).toHaveURL('/account');
    await expectSeats(noJs, subscriptionId, 2);

    // A typed count and "Update seats", as a plain form post.
    await seatCard(noJs).getByLabel('Number of seats').fill('4');
    await seatCard(noJs).getByRole('button', { name: 'Update seats' }).click();
    await expect(noJs).toHaveURL(portal);
    await confirmAndReturn(noJs);
    await expectSeats(noJs, subscriptionId, 4);
  } finally {
    await context.close();
  }
});

test('a seat count outside the plan’s bounds is refused by the action, and no portal session is made', async ({ page }) => {
  const { customerId } = await subscribedCustomer(page, 'seats-bounds', seatPlan.key);
  await page.goto('/account');
  const form = await captureForm(page, 'Update seats');
  const before = await portalSessionsFor(customerId);
  const tooMany = String((seatPlan.maximum ?? 10_000) + 1);
  const response = await postForm(form, { fields: form.fields.map(([key, value]) => [key, key === 'quantity' ? tooMany : value]) });
  expect(response.status).toBe(200);
  expect(response.text).toContain(
    seatPlan.maximum === null ? 'Enter a whole number of seats.' : `This plan allows at most ${seatPlan.maximum} seats.`,
  );
  const same = await postForm(form);
  expect(same.text).toContain('You already have 1 seat.');
  expect(await portalSessionsFor(customerId)).toBe(before);
});

test('an expired portal link is recovered: the customer confirms their e-mail and gets a new session', async ({ page }) => {
  test.setTimeout(120_000);
  const { email, customerId } = await subscribedCustomer(page, 'recover');
  await page.goto('/account');
  // The link "Edit billing details" would open, taken without opening it, then opened too late.
  const form = await captureForm(page, 'Edit billing details');
  const { status, location } = await postForm(form);
  expect(status).toBe(303);
  expect(location).toMatch(portal);
  const ttl = Number(process.env.E2E_EMULATOR_PORTAL_TTL_S ?? 20);
  await page.waitForTimeout((ttl + 2) * 1000);

  const expired = await page.goto(location);
  expect(expired?.status()).toBe(410);
  await expect(page.getByRole('heading', { name: 'This portal session has expired' })).toBeVisible();
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Open a new session' }).click();
  await expect(page).toHaveURL(portal);
  await expect(page.getByRole('heading', { name: 'Current subscriptions' })).toBeVisible();
  expect(await portalSessionsFor(customerId)).toBe(2);
  const [recovered] = (await emulatorStripe.events.list({ type: 'billing_portal.session.created', limit: 20 })).data
    .map((event) => event.data.object as { customer: string; return_url: string; after_expiration?: { type: string } })
    .filter((session) => session.customer === customerId);
  expect(recovered).toMatchObject({
    return_url: `${new URL(form.url).origin}/account/return`,
    after_expiration: { type: 'customer_login' },
  });

  await returnFromPortal(page);
  await expect(page).toHaveURL('/account');
  await expect(page.getByTestId('subscription-status')).toHaveText('Active');
});

test('/pricing shows the per-seat price of the seat plan, and the others per month', async ({ page }) => {
  await page.goto('/pricing');
  const seat = page.locator(`[data-plan="${seatPlan.key}"]`);
  await expect(seat).toContainText(seatPlan.amount);
  await expect(seat.getByTestId('plan-interval')).toHaveText('per seat / month');
  await expect(page.locator(`[data-plan="${plans.subscribed.key}"]`).getByTestId('plan-interval')).toHaveText('/ month');
});
