import type Stripe from 'stripe';
import { afterAll } from 'vitest';
import type { EmulatorOptions } from '../src/server.js';
import { startEmulator, type Harness } from '../src/testing.js';
import { Browser, createCatalog, fullFeatures, type Catalog } from './portal-helpers.js';

/**
 * The shared set-up of the emulator's test files. A file awaits one of these at its top level, so
 * its tests read the emulator, client and catalogue as constants; the emulator is closed after the
 * file's tests.
 */

export interface EmulatorSuite {
  readonly harness: Harness;
  readonly stripe: Stripe;
  readonly browser: Browser;
}

/** An emulator on a free port for this file's tests, its `stripe` client, and a browser for its hosted pages. */
export async function emulatorSuite(options: EmulatorOptions = {}): Promise<EmulatorSuite> {
  const harness = await startEmulator(options);
  afterAll(() => harness.close());
  return { harness, stripe: harness.stripe, browser: new Browser(harness.url) };
}

export interface PortalSuite extends EmulatorSuite {
  readonly catalog: Catalog;
}

/**
 * An emulator with the two-plan catalogue (`createCatalog`) and, unless `defaultConfiguration` is
 * false, a first (so default) portal configuration with every feature on.
 */
export async function portalSuite(options: { emulator?: EmulatorOptions; defaultConfiguration?: boolean } = {}): Promise<PortalSuite> {
  const suite = await emulatorSuite(options.emulator);
  const catalog = await createCatalog(suite.stripe);
  if (options.defaultConfiguration ?? true) await suite.stripe.billingPortal.configurations.create({ features: fullFeatures(catalog) });
  return { ...suite, catalog };
}

/** Moves the emulator's clock forward and returns its new time, in seconds since the epoch. */
export async function advanceClock(harness: Harness, seconds: number): Promise<number> {
  const clock = (await harness.control('POST', '/_emulator/clock', { advance_seconds: seconds })) as { now: number };
  return clock.now;
}

/** Prices in dollars for the subscription tests: "Pro" monthly and yearly, and a separate "Team" product's monthly price. */
export interface DollarPrices {
  readonly monthly: Stripe.Price;
  readonly yearly: Stripe.Price;
  readonly team: Stripe.Price;
}

export async function createDollarPrices(stripe: Stripe): Promise<DollarPrices> {
  const pro = await stripe.products.create({ name: 'Pro' });
  const monthly = await stripe.prices.create({ product: pro.id, currency: 'usd', unit_amount: 3000, recurring: { interval: 'month' } });
  const yearly = await stripe.prices.create({ product: pro.id, currency: 'usd', unit_amount: 30000, recurring: { interval: 'year' } });
  const team = await stripe.prices.create({
    currency: 'usd',
    unit_amount: 9000,
    recurring: { interval: 'month' },
    product_data: { name: 'Team' },
  });
  return { monthly, yearly, team };
}

/** A customer whose default card for invoices is the given test card. */
export async function customerWithCard(stripe: Stripe, token = 'pm_card_visa'): Promise<{ customer: Stripe.Customer; card: string }> {
  const customer = await stripe.customers.create({ email: 'subscriber@example.com' });
  const card = await stripe.paymentMethods.attach(token, { customer: customer.id });
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card.id } });
  return { customer, card: card.id };
}
