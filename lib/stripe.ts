import 'server-only';
import { StripeBudget } from '@/lib/billing/stripe-budget';
import { createStripeClient } from '@/lib/billing/stripe-client';
import { env } from '@/lib/env';

// One budget and one client per process, kept on globalThis: Next.js may evaluate this module
// more than once (once per server bundle), and two budgets would each allow the full rate.
const globalForStripe = globalThis as typeof globalThis & { portalFlowsStripe?: ReturnType<typeof createStripeClient> };

/** The app's one Stripe client: the emulator or api.stripe.com, per lib/env.ts, within STRIPE_RATE_LIMIT. */
export const stripe = (globalForStripe.portalFlowsStripe ??= createStripeClient(env.stripe, {
  budget: new StripeBudget({ requestsPerSecond: env.stripe.rateLimit }),
}));
