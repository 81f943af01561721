import { expect, test, type Page } from '@playwright/test';
import type Stripe from 'stripe';
import { emulatorStripe, emulatorUrl, subscribedCustomer, uniqueEmail } from './support/billing';

// The customer's language from end to end: our pages, Checkout and the portal,
// and the Stripe customer's preferred_locales, all follow one decision — the
// saved choice, else the switch's cookie, else Accept-Language, else English.

const html = (page: Page) => page.locator('html');

/** The `locale` of each portal session created for a customer, from Stripe's events. */
async function portalLocalesFor(customerId: string) {
  const locales: (string | null)[] = [];
  for await (const event of emulatorStripe.events.list({ type: 'billing_portal.session.created', limit: 100 })) {
    const session = event.data.object as Stripe.BillingPortal.Session;
    if (session.customer === customerId) locales.push(session.locale);
  }
  return locales;
}

/** A French customer signs in and subscribes through our French pages and a French Checkout. */
async function frenchSubscriber(page: Page, label: string) {
  const email = uniqueEmail(label);
  await page.goto('/signin?callbackUrl=%2Fpricing');
  await expect(html(page)).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('heading', { name: 'Connexion', level: 1 })).toBeVisible();
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
  await expect(page).toHaveURL('/pricing');
  await expect(page.getByRole('heading', { name: 'Tarifs', level: 1 })).toBeVisible();

  await page.locator('[data-plan="pro"]').getByRole('button', { name: 'S’abonner' }).click();
  await expect(page).toHaveURL(new RegExp(`^${emulatorUrl}/`));
  await page.getByLabel('Numéro de carte').fill('4242 4242 4242 4242');
  await page.getByLabel('Date d’expiration').fill('12 / 34');
  await page.getByLabel('CVC').fill('123');
  await page.getByRole('button', { name: 'S’abonner' }).click();
  await expect(page).toHaveURL(/\/account\/subscribed/);
  await expect(page.getByTestId('notice')).toContainText('Bienvenue dans l’offre Pro');

  const customer = (await emulatorStripe.customers.list({ email, limit: 1 })).data[0]!;
  const subscription = (await emulatorStripe.subscriptions.list({ customer: customer.id, limit: 1 })).data[0]!;
  return { email, customer, subscriptionId: subscription.id };
}

test.describe('a French browser', () => {
  test.use({ locale: 'fr-FR' });

  test('signs in, and /account, the portal and the landing page are all in French', async ({ page }) => {
    const { customer, subscriptionId } = await frenchSubscriber(page, 'lang-fr');
    // Created in French, so Stripe's e-mails and invoices are in French too; Checkout was.
    expect(customer.preferred_locales).toEqual(['fr']);
    const checkout = (await emulatorStripe.checkout.sessions.list({ customer: customer.id, limit: 1 })).data[0]!;
    expect(checkout.locale).toBe('fr');

    await page.goto('/account');
    await expect(html(page)).toHaveAttribute('lang', 'fr');
    await expect(page).toHaveTitle('Compte · Portal Flows');
    await expect(page.getByRole('heading', { name: 'Votre compte', level: 1 })).toBeVisible();
    await expect(page.getByTestId('subscription-price')).toHaveText('29,00\u00a0$US / mois');
    await expect(page.getByTestId('subscription')).toContainText(/Renouvellement le \d{1,2} \p{L}+ \d{4}/u);

    await page.getByRole('button', { name: 'Résilier', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`^${emulatorUrl}/`));
    await expect(html(page)).toHaveAttribute('lang', /^fr/);
    await page.getByRole('button', { name: 'Non merci' }).click();
    await page.getByRole('button', { name: 'Annuler l’abonnement' }).click();

    await expect(page).toHaveURL(`/account/subscription-canceled?subscription=${subscriptionId}`);
    await expect(html(page)).toHaveAttribute('lang', 'fr');
    await expect(page.getByTestId('notice')).toContainText(/Votre abonnement Pro prendra fin le \d{1,2} \p{L}+ \d{4}\./u);
    await expect(page.getByTestId('subscription-ending')).toContainText('Résiliation le');
    expect(await portalLocalesFor(customer.id)).toEqual(['fr']);
  });

  test('with the switch set to English: /account, the portal and the landing page are in English', async ({ page }) => {
    await page.goto('/');
    await expect(html(page)).toHaveAttribute('lang', 'fr');
    await page.getByRole('form', { name: 'Langue' }).getByRole('button', { name: 'English' }).click();
    await expect(page).toHaveURL('/');
    await expect(html(page)).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('form', { name: 'Language' }).getByRole('button', { name: 'English' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );

    const { customerId, subscriptionId } = await subscribedCustomer(page, 'lang-switch-en');
    expect(((await emulatorStripe.customers.retrieve(customerId)) as Stripe.Customer).preferred_locales).toEqual(['en']);
    await page.goto('/account');
    await expect(html(page)).toHaveAttribute('lang', 'en');
    await expect(page.getByTestId('subscription-price')).toHaveText('$29.00 / month');

    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`^${emulatorUrl}/`));
    await page.getByRole('button', { name: 'No thanks' }).click();
    await page.getByRole('button', { name: 'Cancel subscription' }).click();

    await expect(page).toHaveURL(`/account/subscription-canceled?subscription=${subscriptionId}`);
    await expect(html(page)).toHaveAttribute('lang', 'en');
    await expect(page.getByTestId('notice')).toContainText(/Your Pro subscription will end on \w+ \d+, \d{4}/);
    expect(await portalLocalesFor(customerId)).toEqual(['en']);
  });

  test('a signed-in customer’s choice is saved: on their Stripe customer, and on a new device', async ({ page, browser, baseURL }) => {
    const { email, customer } = await frenchSubscriber(page, 'lang-saved');
    await page.goto('/account?refresh=failed');
    await page.getByRole('form', { name: 'Langue' }).getByRole('button', { name: 'English' }).click();
    // Back on the same page, query string included, now in English.
    await expect(page).toHaveURL('/account?refresh=failed');
    await expect(page.getByRole('heading', { name: 'Your account', level: 1 })).toBeVisible();
    await expect
      .poll(async () => ((await emulatorStripe.customers.retrieve(customer.id)) as Stripe.Customer).preferred_locales)
      .toEqual(['en']);

    // Another French browser, no cookie: the saved choice wins over Accept-Language.
    const other = await browser.newContext({ locale: 'fr-FR', baseURL });
    const second = await other.newPage();
    await second.goto('/signin?callbackUrl=%2Faccount');
    await second.getByLabel('Adresse e-mail').fill(email);
    await second.getByRole('button', { name: 'Se connecter', exact: true }).click();
    await expect(second).toHaveURL('/account');
    await expect(second.getByRole('heading', { name: 'Your account', level: 1 })).toBeVisible();
    await expect(second.locator('html')).toHaveAttribute('lang', 'en');
    await other.close();
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false, locale: 'fr-FR' });

  test('the language switch works, and comes back to the same page', async ({ page }) => {
    await page.goto('/pricing?interval=year');
    await expect(page.getByRole('heading', { name: 'Tarifs', level: 1 })).toBeVisible();
    await page.getByRole('form', { name: 'Langue' }).getByRole('button', { name: 'English' }).click();
    await expect(page).toHaveURL('/pricing?interval=year');
    await expect(page.getByRole('heading', { name: 'Pricing', level: 1 })).toBeVisible();
    await page.getByRole('form', { name: 'Language' }).getByRole('button', { name: 'Français' }).click();
    await expect(page.getByRole('heading', { name: 'Tarifs', level: 1 })).toBeVisible();
  });
});

test('the switch refuses a language we do not speak and an off-site return path', async ({ page }) => {
  await page.goto('/');
  await expect(html(page)).toHaveAttribute('lang', 'en');
  // A forged post: the switch's own form with another value, then an off-site returnTo.
  await page.evaluate(() => {
    const button = document.querySelector<HTMLButtonElement>('form button[name="locale"][value="fr"]')!;
    button.value = 'de';
  });
  await page.getByRole('form', { name: 'Language' }).getByRole('button', { name: 'Français' }).click();
  await expect(page.getByRole('form', { name: 'Language' }).getByRole('status')).toHaveText(
    'That language is not available. Nothing was changed.',
  );
  await page.reload();
  await expect(html(page)).toHaveAttribute('lang', 'en');

  await page.evaluate(() => {
    document.querySelector<HTMLInputElement>('form input[name="returnTo"]')!.value = '//evil.example/phish';
  });
  await page.getByRole('form', { name: 'Language' }).getByRole('button', { name: 'Français' }).click();
  await expect(page).toHaveURL('/');
  await expect(html(page)).toHaveAttribute('lang', 'fr');
});

test('an English browser with no choice gets English; a German one too', async ({ browser, baseURL }) => {
  const german = await browser.newContext({ locale: 'de-DE', baseURL });
  const page = await german.newPage();
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await german.close();
});
