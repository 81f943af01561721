import { expect, test, type Page } from '@playwright/test';
import type { AfterCompletionConfig } from '@/lib/billing/config-schema';
import { FLOWS } from '@/lib/billing/flow-table';
import { buildPortalSessionParams, type PortalFlow } from '@/lib/billing/flows';
import { emulatorStripe, emulatorUrl, fillCard, returnFromPortal, signIn, subscribedCustomer } from './support/billing';
import { plans } from './support/catalog';

// The flow matrix: each of the six flows × each after-completion behaviour,
// plus backing out through the return link. Sessions are built with the app's
// own builder (lib/billing/flows.ts) for the signed-in customer, so the matrix
// covers behaviours billing.config.ts does not use by default.

type FlowType = PortalFlow['type'];

async function defaultConfiguration() {
  const configurations = await emulatorStripe.billingPortal.configurations.list({ limit: 10 });
  const ours = configurations.data.find((configuration) => configuration.metadata?.portal_flows_key === 'default');
  if (!ours) throw new Error('stripe:setup did not create the default portal configuration');
  return ours.id;
}

async function flowFor(type: FlowType, subscriptionId: string): Promise<PortalFlow> {
  const subscription = await emulatorStripe.subscriptions.retrieve(subscriptionId);
  const other = (await emulatorStripe.prices.list({ lookup_keys: [plans.other.lookupKey] })).data[0]!;
  switch (type) {
    case 'customer_update':
    case 'payment_method_update':
      return { type };
    case 'subscription_cancel':
    case 'subscription_pause':
      return { type, subscriptionId };
    case 'subscription_update':
      return { type, subscriptionId };
    case 'subscription_update_confirm':
      return { type, subscriptionId, itemId: subscription.items.data[0]!.id, priceId: other.id };
  }
}

/** Carries out the flow on the portal page the browser is on. */
async function completeFlow(page: Page, type: FlowType) {
  switch (type) {
    case 'customer_update':
      await page.getByLabel('Name', { exact: true }).fill('Matrix Billing Name');
      await page.getByRole('button', { name: 'Save' }).click();
      return;
    case 'subscription_pause':
      await page.getByRole('button', { name: 'Pause subscription' }).click();
      return;
    case 'payment_method_update':
      await fillCard(page, '5555 5555 5555 4444');
      await page.getByRole('button', { name: 'Add card' }).click();
      return;
    case 'subscription_cancel':
      await page.getByRole('button', { name: 'Cancel subscription' }).click();
      return;
    case 'subscription_update':
      await page.getByLabel(plans.other.portalChoice).check();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('button', { name: 'Confirm' }).click();
      return;
    case 'subscription_update_confirm':
      await page.getByRole('button', { name: 'Confirm' }).click();
      return;
  }
}

/** What /account must show once the flow is done. */
async function expectResult(page: Page, type: FlowType) {
  switch (type) {
    case 'customer_update':
      return expect(page.getByTestId('billing-name')).toHaveText('Matrix Billing Name');
    case 'subscription_pause':
      return expect(page.getByTestId('subscription-paused')).toContainText('Paused until');
    case 'payment_method_update':
      return expect(page.getByTestId('card-last4')).toHaveText('4444');
    case 'subscription_cancel':
      return expect(page.getByTestId('subscription-ending')).toContainText('Cancels on');
    case 'subscription_update':
    case 'subscription_update_confirm':
      return expect(page.getByTestId('subscription-price')).toHaveText(plans.other.priceText);
  }
}

const landing: Record<FlowType, RegExp> = {
  customer_update: /\/account\/billing-details-updated$/,
  subscription_pause: /\/account\/subscription-paused\?subscription=sub_/,
  payment_method_update: /\/account\/payment-method-updated$/,
  subscription_cancel: /\/account\/subscription-canceled\?subscription=sub_/,
  subscription_update: /\/account\/plan-updated\?subscription=sub_/,
  subscription_update_confirm: /\/account\/plan-updated\?subscription=sub_/,
};

const afterCompletions: AfterCompletionConfig[] = [
  { type: 'redirect' },
  { type: 'hosted_confirmation', message: 'Matrix: done, thank you.' },
  { type: 'portal_homepage' },
];

// Every flow the app offers a button for (lib/billing/flow-table.ts: six, as the SDK types them).
const flowTypes = Object.keys(FLOWS) as FlowType[];

for (const type of flowTypes) {
  for (const afterCompletion of afterCompletions) {
    test(`${type} × ${afterCompletion.type}`, async ({ page, baseURL }) => {
      const { customerId, subscriptionId } = await subscribedCustomer(page, `matrix-${type}-${afterCompletion.type}`);
      const session = await emulatorStripe.billingPortal.sessions.create(
        buildPortalSessionParams({
          customerId,
          appUrl: baseURL!,
          configurationId: await defaultConfiguration(),
          flow: { flow: await flowFor(type, subscriptionId), afterCompletion },
        }),
      );
      await page.goto(session.url);
      await completeFlow(page, type);

      if (afterCompletion.type === 'redirect') {
        await expect(page).toHaveURL(landing[type]);
        await expect(page.getByTestId('notice')).toBeVisible();
      } else if (afterCompletion.type === 'hosted_confirmation') {
        await expect(page).toHaveURL(new RegExp(`^${emulatorUrl}/`));
        await expect(page.getByText('Matrix: done, thank you.')).toBeVisible();
        await returnFromPortal(page);
        await expect(page).toHaveURL('/account');
      } else {
        await expect(page).toHaveURL(new RegExp(`^${emulatorUrl}/`));
        await expect(page.getByRole('heading', { name: 'Current subscriptions' })).toBeVisible();
        await returnFromPortal(page);
        await expect(page).toHaveURL('/account');
      }
      await expectResult(page, type);
    });
  }

  test(`${type} × backing out through “Return to …” changes nothing`, async ({ page, baseURL }) => {
    const { customerId, subscriptionId } = await subscribedCustomer(page, `matrix-${type}-back`);
    const session = await emulatorStripe.billingPortal.sessions.create(
      buildPortalSessionParams({
        customerId,
        appUrl: baseURL!,
        configurationId: await defaultConfiguration(),
        flow: { flow: await flowFor(type, subscriptionId), afterCompletion: { type: 'redirect' } },
      }),
    );
    await page.goto(session.url);
    await returnFromPortal(page);
    await expect(page).toHaveURL('/account');
    await expect(page.getByTestId('subscription-price')).toHaveText(plans.subscribed.priceText);
    await expect(page.getByTestId('card-last4')).toHaveText('4242');
    await expect(page.getByRole('button', { name: 'Cancel', exact: true })).toBeVisible();
  });
}

test.describe('in French', () => {
  test.use({ locale: 'fr-FR' });

  test('a French browser gets a French portal', async ({ page, baseURL }) => {
    // Subscribe through the English pages the helper knows, then let the browser's French decide.
    await page.context().addCookies([{ name: 'locale', value: 'en', url: baseURL! }]);
    await subscribedCustomer(page, 'matrix-fr');
    await page.context().clearCookies({ name: 'locale' });
    await page.goto('/account');
    await page.getByRole('button', { name: 'Mettre à jour la carte' }).click();
    await expect(page).toHaveURL(new RegExp(`^${emulatorUrl}/`));
    await expect(page.getByLabel('Numéro de carte')).toBeVisible();
    await expect(page.getByRole('link', { name: /^Retour à/ }).first()).toBeVisible();
  });
});

test('English is the default portal language', async ({ page }) => {
  await subscribedCustomer(page, 'matrix-en');
  await page.goto('/account');
  await page.getByRole('button', { name: 'Update card' }).click();
  await expect(page.getByLabel('Card number')).toBeVisible();
});

test('a customer with two subscriptions: only the chosen one is canceled', async ({ page }) => {
  const { customerId, subscriptionId: first } = await subscribedCustomer(page, 'matrix-two');
  const third = (await emulatorStripe.prices.list({ lookup_keys: [plans.third.lookupKey] })).data[0]!;
  // Checkout put the card on the first subscription; the second uses it too.
  const paymentMethod = (await emulatorStripe.subscriptions.retrieve(first)).default_payment_method as string;
  const second = await emulatorStripe.subscriptions.create({
    customer: customerId,
    items: [{ price: third.id }],
    default_payment_method: paymentMethod,
  });
  await page.goto('/account/return');
  await expect(page.getByTestId('subscription')).toHaveCount(2);

  const card = page.locator(`[data-subscription-id="${second.id}"]`);
  await card.getByRole('button', { name: 'Cancel', exact: true }).click();
  await page.getByRole('button', { name: 'No thanks' }).click();
  await page.getByRole('button', { name: 'Cancel subscription' }).click();
  await expect(page).toHaveURL(`/account/subscription-canceled?subscription=${second.id}`);

  await expect(page.locator(`[data-subscription-id="${second.id}"]`).getByTestId('subscription-ending')).toContainText('Cancels on');
  await expect(page.locator(`[data-subscription-id="${first}"]`).getByTestId('subscription-ending')).toHaveCount(0);
  expect((await emulatorStripe.subscriptions.retrieve(first)).cancel_at_period_end).toBe(false);
  expect((await emulatorStripe.subscriptions.retrieve(second.id)).cancel_at_period_end).toBe(true);
});

test.describe('with JavaScript off', () => {
  test.use({ javaScriptEnabled: false });

  for (const button of ['Update card', 'Change plan', 'Cancel', 'Manage billing']) {
    test(`“${button}” reaches the portal`, async ({ page }) => {
      await signIn(page, 'demo@example.com');
      await page.getByRole('button', { name: button, exact: true }).first().click();
      await expect(page).toHaveURL(new RegExp(`^${emulatorUrl}/`));
    });
  }
});
