import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { emulatorStripe, emulatorUrl, signIn, subscribedCustomer, uniqueEmail } from './support/billing';
import { plans, seatPlan } from './support/catalog';

// axe-core on every page a customer sees, in each state that renders
// differently: zero serious or critical violations. Then the keyboard: every
// button on the account page can be reached with Tab and pressed with Enter.

async function expectAccessible(page: Page, label: string, lang: Language = 'en') {
  await expect(page.locator('html'), `${label}: <html lang>`).toHaveAttribute('lang', lang);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  expect(serious, `${label} (${lang}): ${serious.join('; ')}`).toEqual([]);
}

type Language = 'en' | 'fr';

/** What the sign-in form says, per language. */
const signInWords = {
  en: { email: 'E-mail', submit: 'Sign in', invalid: 'Enter a valid e-mail address' },
  fr: { email: 'Adresse e-mail', submit: 'Se connecter', invalid: 'Saisissez une adresse e-mail valide' },
} as const;

/** Every page in `language`, as the switch's cookie chooses it (the helpers sign in in English first). */
async function useLanguage(page: Page, language: Language, baseURL: string | undefined) {
  await page.context().addCookies([{ name: 'locale', value: language, url: baseURL! }]);
}

for (const language of ['en', 'fr'] as const) {
  test.describe(`in ${language === 'en' ? 'English' : 'French'}`, () => {
    test('public pages: landing, pricing, sign-in, not found', async ({ page, baseURL }) => {
      await useLanguage(page, language, baseURL);
      for (const path of ['/', '/pricing', '/pricing?interval=year', '/signin', '/signin/check-email', '/no-such-page']) {
        await page.goto(path);
        await expectAccessible(page, path, language);
      }
      const words = signInWords[language];
      await page.goto('/signin');
      await page.getByLabel(words.email).fill('not-an-email');
      await page.getByRole('button', { name: words.submit, exact: true }).click();
      await expect(page.getByText(words.invalid)).toBeVisible();
      await expectAccessible(page, '/signin with an error', language);
    });

    test('account with no subscription and with one, and pricing for a subscriber', async ({ page, baseURL }) => {
      await signIn(page, uniqueEmail('a11y-empty'));
      await useLanguage(page, language, baseURL);
      await page.reload();
      await expectAccessible(page, '/account with no subscription', language);

      await page.context().clearCookies();
      await subscribedCustomer(page, 'a11y');
      await useLanguage(page, language, baseURL);
      await page.goto('/account');
      await expectAccessible(page, '/account subscribed', language);
      await page.goto('/pricing');
      await expectAccessible(page, '/pricing as a subscriber', language);
    });

    // The landing pages apart from the account's states: each axe run takes seconds on a loaded
    // machine, and one test walking both would brush against the 45 s test timeout.
    test('the landing pages: subscribed, card updated, plan updated, cancelling', async ({ page, baseURL }) => {
      const { subscriptionId } = await subscribedCustomer(page, 'a11y-landings');
      await useLanguage(page, language, baseURL);
      for (const path of [
        '/account/subscribed',
        '/account/payment-method-updated',
        `/account/plan-updated?subscription=${subscriptionId}`,
      ]) {
        await page.goto(path);
        await expectAccessible(page, path, language);
      }

      await emulatorStripe.subscriptions.update(subscriptionId, { cancel_at_period_end: true });
      await page.goto(`/account/subscription-canceled?subscription=${subscriptionId}`);
      await expect(page.getByTestId('subscription-ending')).toBeVisible();
      await expectAccessible(page, '/account/subscription-canceled (cancelling)', language);
    });

    test('custom domains: locked without a plan, then with a domain and a refused one', async ({ page, baseURL }) => {
      await signIn(page, uniqueEmail('a11y-domains-locked'), '/account/domains');
      await useLanguage(page, language, baseURL);
      await page.reload();
      await expect(page.getByTestId('domains-locked')).toBeVisible();
      await expectAccessible(page, '/account/domains locked', language);

      await page.context().clearCookies();
      // The subscribed plan unlocks custom domains (the past-due test below relies on it too).
      await subscribedCustomer(page, 'a11y-domains');
      await useLanguage(page, language, baseURL);
      await page.goto('/account/domains');
      const addDomain = page.getByTestId('add-domain');
      await addDomain.getByRole('textbox').fill('a11y.example.com');
      await addDomain.getByRole('button').click();
      await expect(page.getByTestId('custom-domain')).toHaveCount(1);
      await addDomain.getByRole('textbox').fill('https://a11y.example.com');
      await addDomain.getByRole('button').click();
      await expect(page.getByTestId('add-domain-error')).not.toBeEmpty();
      await expectAccessible(page, '/account/domains with a domain and an error', language);
    });

    test('a per-seat plan (the seat stepper), paused and resumed, and their landing pages', async ({ page, baseURL }) => {
      const { subscriptionId } = await subscribedCustomer(page, 'a11y-seats', seatPlan.key);
      await useLanguage(page, language, baseURL);
      await page.goto('/account');
      await expect(page.getByTestId('seat-stepper')).toBeVisible();
      await expectAccessible(page, '/account with seats', language);
      await page.goto('/account/billing-details-updated');
      await expectAccessible(page, '/account/billing-details-updated', language);

      await emulatorStripe.subscriptions.pause(subscriptionId);
      await page.goto(`/account/subscription-paused?subscription=${subscriptionId}`);
      await expect(page.getByTestId('subscription-paused')).toBeVisible();
      await expectAccessible(page, '/account/subscription-paused', language);
      await emulatorStripe.subscriptions.resume(subscriptionId);
      await page.goto(`/account/subscription-resumed?subscription=${subscriptionId}`);
      await expect(page.getByTestId('subscription-paused')).toHaveCount(0);
      await expectAccessible(page, '/account/subscription-resumed', language);
    });
  });
}

test('account with a failed payment: the banner is accessible and its Update card opens the portal', async ({ page }) => {
  const { customerId, subscriptionId } = await subscribedCustomer(page, 'a11y-past-due');
  // A card that attaches but is declined when charged, and a new billing period billed to it now.
  const failing = await emulatorStripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customerId });
  const updated = await emulatorStripe.subscriptions.update(subscriptionId, {
    default_payment_method: failing.id,
    billing_cycle_anchor: { type: 'now' },
    proration_behavior: 'none',
  });
  expect(updated.status).toBe('past_due');

  // Webhooks are off for this server: a landing route brings the new state back.
  await page.goto(`/account/plan-updated?subscription=${subscriptionId}`);
  await page.goto('/account');
  const banner = page.getByRole('alert').filter({ hasText: 'Your last payment failed.' });
  // past_due is a grace period: the plan is kept while Stripe retries (lib/billing/entitlements.ts).
  await expect(banner).toContainText(
    `You keep everything in ${plans.subscribed.name} while the payment is retried; update your card to settle it.`,
  );
  await expect(page.getByTestId('subscription')).toContainText('Payment due');
  await expect(page.getByTestId('unlocks-grace')).toHaveText('Kept while your payment is retried.');
  await expect(page.getByTestId('plan-unlocks').locator('[data-feature="custom_domains"]')).toHaveAttribute('data-included', 'true');
  await expectAccessible(page, '/account past due');
  await page.goto('/account/domains');
  await expect(page.getByTestId('domains-grace')).toContainText('Kept while your payment is retried.');
  await expect(page.getByTestId('add-domain')).toBeVisible();
  await expectAccessible(page, '/account/domains past due');
  await page.goto('/account');

  await banner.getByRole('button', { name: 'Update card' }).click();
  await expect(page).toHaveURL(new RegExp(`^${emulatorUrl}/`));
  await expect(page.getByLabel('Card number')).toBeVisible();
});

test('every account button is reachable by keyboard and works with Enter', async ({ page }) => {
  await subscribedCustomer(page, 'a11y-keyboard');
  await page.goto('/account');
  const wanted = ['Manage billing', 'Change plan', 'Cancel', 'Update card'];
  const reached = new Set<string>();
  for (let presses = 0; presses < 40 && reached.size < wanted.length; presses++) {
    await page.keyboard.press('Tab');
    const name = await page.evaluate(() =>
      document.activeElement instanceof HTMLButtonElement ? document.activeElement.textContent?.trim() : null,
    );
    if (name && wanted.includes(name)) reached.add(name);
  }
  expect([...reached].sort()).toEqual([...wanted].sort());

  await page.getByRole('button', { name: 'Update card' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Card number')).toBeVisible();
});
