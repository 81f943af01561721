import { expect, test } from '@playwright/test';
import postgres from 'postgres';
import type Stripe from 'stripe';
import { isHandledEvent } from '../../lib/billing/webhooks';
import { signInLink } from '../support/smtp-sink';
import { fillCard, uniqueEmail } from '../e2e/support/billing';
import { startTopology, type Topology } from './topology';

// Two production instances from one build on one PostgreSQL database: signed in on
// one, a customer clicks through on the other (Update card → the portal → our landing
// page), and every event Stripe delivers to both is applied once.

let topology: Topology;

test.beforeAll(async () => {
  topology = await startTopology();
});

test.afterAll(async () => {
  await topology?.close();
});

test('sign in on one instance, Update card on the other; each event delivered to both is applied once', async ({ page }) => {
  const [first, second] = topology.instances;
  for (const instance of topology.instances) {
    // Each migrated the fresh database at boot, one after the other, and is no demo.
    expect(instance.server.output()).toContain('Stripe, test key via STRIPE_API_BASE');
    expect(instance.server.output()).toContain('✓ database schema up to date');
    expect(instance.server.output()).not.toContain('PUBLIC DEMO');
  }

  // Sign in on the first instance with an e-mailed link.
  const email = uniqueEmail('two-instances');
  await page.goto(`${first.appUrl}/signin?callbackUrl=%2Faccount`);
  await expect(page.getByTestId('public-demo-notice')).toHaveCount(0);
  await page.getByRole('textbox', { name: 'E-mail' }).fill(email);
  await page.getByRole('button', { name: 'E-mail me a sign-in link' }).click();
  await expect(page.getByRole('heading', { name: 'Check your e-mail', level: 1 })).toBeVisible();
  await page.goto(signInLink(await topology.mail.messageTo(email), first.appUrl));
  await expect(page).toHaveURL(`${first.appUrl}/account`);
  await expect(page.getByTestId('account-email')).toHaveText(email);

  // The same browser is signed in on the second: one AUTH_SECRET, one database.
  await page.goto(`${second.appUrl}/pricing`);
  await page.locator('[data-plan="pro"]').getByRole('button', { name: 'Subscribe' }).click();
  await expect(page).toHaveURL(new RegExp(`^${topology.emulatorUrl}/`));
  await fillCard(page, '4242 4242 4242 4242');
  await page.getByRole('button', { name: 'Subscribe' }).click();
  await expect(page).toHaveURL(new RegExp(`^${second.appUrl}/account/subscribed`));
  await expect(page.getByTestId('subscription')).toHaveCount(1);

  // Update card on the second instance: its server action, the portal, its landing page.
  await page.goto(`${second.appUrl}/account`);
  await page.getByRole('button', { name: 'Update card' }).click();
  await expect(page).toHaveURL(new RegExp(`^${topology.emulatorUrl}/`));
  await fillCard(page, '5555 5555 5555 4444');
  await page.getByRole('button', { name: 'Add card' }).click();
  await expect(page).toHaveURL(`${second.appUrl}/account/payment-method-updated`);
  await expect(page.getByTestId('card-last4')).toHaveText('4444');

  // And the first instance shows the same account.
  await page.goto(`${first.appUrl}/account`);
  await expect(page.getByTestId('card-last4')).toHaveText('4444');

  // Stripe delivered this customer's events to both instances' endpoints…
  const customer = (await topology.stripe.customers.list({ email, limit: 1 })).data[0]!;
  const events: Stripe.Event[] = [];
  for await (const event of topology.stripe.events.list({ limit: 100 })) {
    const object = event.data.object as { id?: string; customer?: string };
    if (object.customer === customer.id || object.id === customer.id) events.push(event);
  }
  expect(events.length).toBeGreaterThan(3);
  const urls = topology.instances.map((instance) => instance.webhookUrl);
  await expect
    .poll(
      async () => {
        const log = (await (await fetch(`${topology.emulatorUrl}/_emulator/deliveries`)).json()) as {
          deliveries: { event: string; url: string; status: number | null }[];
        };
        return events.filter((event) =>
          urls.every((url) => log.deliveries.some((d) => d.event === event.id && d.url === url && d.status === 200)),
        ).length;
      },
      { timeout: 30_000, message: 'every event answered 200 by both instances' },
    )
    .toBe(events.length);

  // …and each one we act on was recorded, and applied, exactly once (types we ignore leave no row).
  const handled = events.filter((event) => isHandledEvent(event.type));
  expect(handled.length).toBeGreaterThan(0);
  const sql = postgres(topology.databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ id: string; count: number }[]>`
      select id, count(*)::int as count from webhook_events where id in ${sql(events.map((event) => event.id))} group by id`;
    expect(rows.map((row) => row.id).sort()).toEqual(handled.map((event) => event.id).sort());
    expect(rows.every((row) => row.count === 1)).toBe(true);
    const cards = await sql<{ last4: string; is_default: boolean }[]>`
      select last4, is_default from payment_methods where stripe_customer_id = ${customer.id} and is_default`;
    expect(cards).toEqual([{ last4: '4444', is_default: true }]);
  } finally {
    await sql.end();
  }
});
