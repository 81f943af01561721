import type Stripe from 'stripe';
import type { Database } from '@/lib/db/client';
import { findSubscriptionsByCustomer, upsertUserByEmail } from '@/lib/db/queries';
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
  plans: string[];
}

const demoCustomers: DemoCustomer[] = [
  { email: DEMO_EMAIL, name: 'Ada Demo', card: 'pm_card_visa', plans: ['pro_monthly'] },
  { email: DEMO_TWO_PLANS_EMAIL, name: 'Grace Two-Plans', card: 'pm_card_mastercard', plans: ['starter_monthly', 'team_yearly'] },
];

/**
 * Emulator mode only: customers with a card and active subscriptions, so every
 * button on /account has something to act on right after `npm run dev`. Only
 * customers without any subscription get new ones, so re-running changes nothing.
 */
export async function seedDemoData(db: Database, stripe: Stripe, resolved: ResolvedIds, log: (line: string) => void) {
  for (const demo of demoCustomers) {
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
      if (!price) throw new Error(`Demo plan ${lookupKey} is not in billing.config.ts`);
      await stripe.subscriptions.create({ customer: customerId, items: [{ price }], default_payment_method: card.id });
    }
    await syncCustomer(db, stripe, customerId);
    log(`  created    demo customer ${demo.email} (${customerId}) with ${demo.plans.join(' and ')}`);
  }
}
