import 'server-only';
import { createStripeClient } from '@/lib/billing/stripe-client';
import { env } from '@/lib/env';

/** The app's one Stripe client: the emulator or api.stripe.com, per lib/env.ts. */
export const stripe = createStripeClient(env.stripe);
