import { expect, test, type Page } from '@playwright/test';
import { billingConfig } from '@/billing.config';
import type { ProductConfig } from '@/lib/billing/config-schema';
import { featuresOfProduct } from '@/lib/billing/entitlements';
import { captureForm, emulatorStripe, emulatorUrl, fillCard, postForm, signIn, subscribedCustomer, uniqueEmail } from './support/billing';

// Custom domains (issue 16), the demonstration of a gated feature, against the shipped plans by
// role: one that unlocks `custom_domains` adds and removes domains; one that does not sees the
// locked page; and the action checks again when the form was opened before the plan lapsed.

function plan(unlocks: boolean): ProductConfig {
  const product = billingConfig.products.find((candidate) => featuresOfProduct(candidate.key).has('custom_domains') === unlocks);
  if (!product) throw new Error(`The end-to-end tests need a plan that ${unlocks ? 'unlocks' : 'does not unlock'} custom_domains.`);
  return product;
}
const unlocking = plan(true);
const locked = plan(false);

const domainRows = (page: Page) => page.getByTestId('custom-domain');
const hostnameField = (page: Page) => page.getByLabel('Domain name');
const addError = (page: Page) => page.getByTestId('add-domain-error');

async function addDomain(page: Page, hostname: string) {
  await hostnameField(page).fill(hostname);
  await page.getByRole('button', { name: 'Add domain' }).click();
}

test('a plan with custom domains: add one (kept after a reload), bad and duplicate names refused, then remove it', async ({ page }) => {
  await subscribedCustomer(page, 'domains', unlocking.key);
  await page.goto('/account');
  await page.getByTestId('plan-unlocks').getByRole('link', { name: 'Custom domains' }).click();
  await expect(page).toHaveURL('/account/domains');
  await expect(page.getByRole('heading', { name: 'Custom domains', level: 2 })).toBeVisible();
  await expect(page.getByTestId('no-domains')).toHaveText('You have no custom domains yet.');
  await expect(page.getByTestId('domains-count')).toHaveText('0 of 5');
  await expect(page.getByTestId('domains-locked')).toHaveCount(0);

  await addDomain(page, '  App.Example.COM ');
  await expect(domainRows(page)).toHaveCount(1);
  await expect(domainRows(page).first()).toHaveAttribute('data-hostname', 'app.example.com');
  await expect(domainRows(page).first()).toHaveAttribute('data-active', 'true');
  await expect(page.getByTestId('domains-count')).toHaveText('1 of 5');
  await expect(hostnameField(page)).toHaveValue('');
  await page.reload();
  await expect(domainRows(page)).toHaveCount(1);
  await expect(domainRows(page).first()).toContainText('app.example.com');

  await addDomain(page, 'https://docs.example.com/path');
  await expect(addError(page)).toHaveText('Enter the domain name alone, like app.example.com: without https://, a path or a port.');
  await expect(hostnameField(page)).toHaveValue('https://docs.example.com/path');
  await addDomain(page, 'not a domain');
  await expect(addError(page)).toHaveText('That is not a valid domain name: use letters, digits, hyphens and dots, like app.example.com.');
  await addDomain(page, 'app.example.com');
  await expect(addError(page)).toHaveText('app.example.com is already one of your domains.');
  await page.reload();
  await expect(domainRows(page)).toHaveCount(1);

  await page.getByRole('button', { name: 'Remove app.example.com' }).click();
  await expect(page.getByTestId('no-domains')).toBeVisible();
  await expect(domainRows(page)).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('no-domains')).toBeVisible();
});

test('a plan without custom domains: the locked page, a link to the plans, and no form', async ({ page }) => {
  const email = uniqueEmail('domains-locked');
  await signIn(page, email, '/pricing');
  await page.locator(`[data-plan="${locked.key}"]`).getByRole('button', { name: 'Subscribe' }).click();
  await expect(page).toHaveURL(new RegExp(`^${emulatorUrl}/`));
  // A trial that asks for no card shows no card form.
  if (locked.trial?.card !== 'optional') await fillCard(page, '4242 4242 4242 4242');
  await page.getByRole('button', { name: 'Subscribe' }).click();
  await expect(page).toHaveURL(/\/account\/subscribed/);
  await expect(page.getByTestId('plan-unlocks').locator('[data-feature="custom_domains"]')).toHaveAttribute('data-included', 'false');

  await page.goto('/account/domains');
  await expect(page.getByTestId('domains-locked')).toHaveText(`Custom domains come with ${unlocking.name}.`);
  await expect(page.getByTestId('no-domains')).toBeVisible();
  await expect(page.getByTestId('add-domain')).toHaveCount(0);
  await expect(hostnameField(page)).toHaveCount(0);
  await page.getByRole('link', { name: 'See plans' }).click();
  await expect(page).toHaveURL('/pricing');
});

test('the action checks again: a form opened before the plan was canceled adds nothing; earlier domains stay, inactive, and can be removed', async ({
  page,
}) => {
  const { customerId, subscriptionId } = await subscribedCustomer(page, 'domains-recheck', unlocking.key);
  await page.goto('/account/domains');
  await addDomain(page, 'before.example.com');
  await expect(domainRows(page)).toHaveCount(1);
  // Opened from a full load, so the same form can also be posted as a browser without JavaScript would.
  await page.reload();
  const noJsForm = await captureForm(page, 'Add domain');

  // Canceled through Stripe's API while the page stays open; another tab's /account/return syncs it.
  await emulatorStripe.subscriptions.cancel(subscriptionId);
  const other = await page.context().newPage();
  await other.goto('/account/return');
  await expect(other.getByTestId('no-subscription')).toBeVisible();
  await other.close();
  expect((await emulatorStripe.subscriptions.list({ customer: customerId, status: 'active' })).data).toHaveLength(0);

  await addDomain(page, 'after.example.com');
  await expect(addError(page)).toHaveText('Your plan does not include “Custom domains”. Nothing was changed.');
  const posted = await postForm(noJsForm, {
    fields: noJsForm.fields.map(([key, value]) => [key, key === 'hostname' ? 'nojs.example.com' : value]),
  });
  expect(posted.status).toBe(200);
  expect(posted.text).toContain('Your plan does not include “Custom domains”. Nothing was changed.');

  await page.reload();
  await expect(page.getByTestId('domains-locked')).toContainText(`Custom domains come with ${unlocking.name}.`);
  await expect(page.getByTestId('domains-locked')).toContainText('The domains below are inactive');
  await expect(domainRows(page)).toHaveCount(1);
  await expect(domainRows(page).first()).toHaveAttribute('data-hostname', 'before.example.com');
  await expect(domainRows(page).first()).toHaveAttribute('data-active', 'false');
  await expect(domainRows(page).first().getByTestId('domain-inactive')).toHaveText('Inactive');
  await expect(page.getByTestId('add-domain')).toHaveCount(0);

  await page.getByRole('button', { name: 'Remove before.example.com' }).click();
  await expect(domainRows(page)).toHaveCount(0);
  await expect(page.getByTestId('no-domains')).toBeVisible();
});

test('in French: the page and the action’s refusals', async ({ page, baseURL }) => {
  await subscribedCustomer(page, 'domains-fr', unlocking.key);
  await page.context().addCookies([{ name: 'locale', value: 'fr', url: baseURL! }]);
  await page.goto('/account/domains');
  await expect(page).toHaveTitle(/^Domaines personnalisés · /);
  await expect(page.getByRole('heading', { name: 'Domaines personnalisés', level: 2 })).toBeVisible();
  await expect(page.getByTestId('no-domains')).toHaveText('Vous n’avez pas encore de domaine personnalisé.');
  await page.getByLabel('Nom de domaine').fill('exemple.fr:443');
  await page.getByRole('button', { name: 'Ajouter le domaine' }).click();
  await expect(addError(page)).toHaveText('Saisissez le nom de domaine seul, comme app.example.com\u00a0: sans https://, chemin ni port.');
  await page.getByLabel('Nom de domaine').fill('exemple.fr');
  await page.getByRole('button', { name: 'Ajouter le domaine' }).click();
  await expect(domainRows(page)).toHaveCount(1);
  await page.getByLabel('Nom de domaine').fill('exemple.fr');
  await page.getByRole('button', { name: 'Ajouter le domaine' }).click();
  await expect(addError(page)).toHaveText('exemple.fr fait déjà partie de vos domaines.');
  await expect(page.getByRole('button', { name: 'Retirer exemple.fr' })).toBeVisible();
});
