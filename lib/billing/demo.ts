import type Stripe from 'stripe';
import type { Database } from '@/lib/db/client';
import { findSubscriptionsByCustomer, upsertUserByEmail } from '@/lib/db/queries';
import type { BillingConfig, PriceConfig, ProductConfig } from './config-schema';
import { ensureStripeCustomer, forgetStripeCustomer, isMissingCustomer } from './customers';
import type { ResolvedIds } from './setup';
import { syncCustomer } from './sync';

/** The address the demo sign-in suggests; it signs in straight to a subscribed account. */
export const DEMO_EMAIL = 'demo@example.com';
/** A second demo customer with two subscriptions, to show that only the chosen one changes. */
export const DEMO_TWO_PLANS_EMAIL = 'two-plans@example.com';

interface DemoCustomer {
  email: string;
  name: string;
  card: string;
  /** Price lookup keys, one subscription each. */
  plans: string[];
}

const priceFor = (product: ProductConfig, interval: PriceConfig['interval']) =>
  (product.prices.find((price) => price.interval === interval) ?? product.prices[0]!).lookupKey;

/**
 * The demo customers, with plans picked from whatever billing.config.ts declares: the
 * highlighted plan (else the first) monthly for the first; for the second, the first other
 * plan monthly and the last other plan yearly (the same plan twice if there is only one).
 */
export function demoCustomers(config: BillingConfig): DemoCustomer[] {
  const main = config.products.find((product) => product.highlight) ?? config.products[0]!;
  const others = config.products.filter((product) => product !== main);
  const first = others[0] ?? main;
  const last = others.at(-1) ?? main;
  return [
    { email: DEMO_EMAIL, name: 'Ada Demo', card: 'pm_card_visa', plans: [priceFor(main, 'month')] },
    {
      email: DEMO_TWO_PLANS_EMAIL,
      name: 'Grace Two-Plans',
      card: 'pm_card_mastercard',
      plans: [priceFor(first, 'month'), priceFor(last, 'year')],
    },
  ];
}

/**
 * Emulator mode only: customers with a card and active subscriptions, so every
 * button on /account has something to act on right after `npm run dev`. Only
 * customers without any subscription get new ones, so re-running changes nothing.
 */
export async function seedDemoData(
  db: Database,
  stripe: Stripe,
  setup: { config: BillingConfig; resolved: ResolvedIds },
  log: (line: string) => void,
) {
  const { resolved } = setup;
  for (const demo of demoCustomers(setup.config)) {
    const user = await upsertUserByEmail(db, demo.email);
    let customerId = await ensureStripeCustomer(db, stripe, { id: user.id, email: demo.email, name: demo.name });
    try {
      await syncCustomer(db, stripe, customerId);
    } catch (error) {
      // The emulator's state was wiped while our database kept its mapping: start over.
      if (!isMissingCustomer(error)) throw error;
      log(`  replaced   demo customer ${demo.email}: ${customerId} no longer exists in Stripe`);
      await forgetStripeCustomer(db, user.id);
      customerId = await ensureStripeCustomer(db, stripe, { id: user.id, email: demo.email, name: demo.name }, { replacing: true });
    }
    if ((await findSubscriptionsByCustomer(db, customerId)).length > 0) {
      log(`  unchanged  demo customer ${demo.email} (${customerId})`);
      continue;
    }
    const card = await stripe.paymentMethods.attach(demo.card, { customer: customerId });
    await stripe.customers.update(customerId, { invoice_settings: { default_payment_method: card.id } });
    for (const lookupKey of demo.plans) {
      const price = resolved.price.get(lookupKey);
      if (!price) throw new Error(`Demo plan ${lookupKey} was not set up in Stripe`);
      await stripe.subscriptions.create({ customer: customerId, items: [{ price }], default_payment_method: card.id });
    }
    await syncCustomer(db, stripe, customerId);
    log(`  created    demo customer ${demo.email} (${customerId}) with ${demo.plans.join(' and ')}`);
  }
}
