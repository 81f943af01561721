import 'server-only';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { requireUser } from '@/lib/auth';
import { billingErrorMessage } from '@/lib/billing/errors';
import { portalLocale, type PortalLocale } from '@/lib/billing/flows';
import { describeEnding } from '@/lib/billing/subscription-state';
import { db } from '@/lib/db';
import { findCustomerSubscription, type UserWithCustomer } from '@/lib/db/queries';
import type { Subscription } from '@/lib/db/schema';

/** What an action returns to its form: a message the customer can act on. */
export interface ActionState {
  error?: string;
}

export interface ActionContext {
  user: UserWithCustomer;
  /** The signed-in user's Stripe customer, or null before their first subscription. */
  customerId: string | null;
  locale: PortalLocale;
}

/** An action either sends the browser somewhere (a portal or Checkout URL) or explains why not. */
export type ActionOutcome = { redirectTo: string } | { error: string };

export const subscriptionIdSchema = z
  .string({ error: 'Choose a subscription.' })
  .regex(/^sub_[A-Za-z0-9]{1,64}$/, 'We could not find that subscription.');

/**
 * The subscription a flow acts on: only the signed-in customer's (an unknown id
 * and another customer's look the same), and only in a state the flow allows.
 */
export async function findSubscriptionForFlow(
  context: ActionContext,
  subscriptionId: string,
  allowed: (subscription: Subscription) => boolean,
  refusal: string,
): Promise<{ subscription: Subscription } | { error: string }> {
  const subscription = context.customerId ? await findCustomerSubscription(db, context.customerId, subscriptionId) : null;
  if (!subscription) return { error: 'We could not find that subscription.' };
  if (!allowed(subscription)) return { error: `This subscription ${describeEnding(subscription) ?? refusal}.` };
  return { subscription };
}

/** FormData to a plain object, refusing repeated fields: no id is ever an array. */
function formFields(formData: FormData): Record<string, string> | null {
  const fields: Record<string, string> = {};
  for (const key of new Set(formData.keys())) {
    if (key.startsWith('$ACTION')) continue; // React's own bookkeeping fields
    const values = formData.getAll(key);
    if (values.length !== 1 || typeof values[0] !== 'string' || values[0].length > 200) return null;
    fields[key] = values[0];
  }
  return fields;
}

/**
 * Wraps a billing server action: signs-in check (every action is a public POST
 * endpoint, whatever page shows its button), zod parsing of the form, the
 * customer lookup, and turning failures into a message that says nothing was
 * changed. `redirect()` runs last, outside the try, as Next.js requires.
 */
export function customerAction<Schema extends z.ZodType<Record<string, unknown>>>(
  schema: Schema,
  handler: (context: ActionContext, input: z.output<Schema>) => Promise<ActionOutcome>,
  options: { returnPath: string } = { returnPath: '/account' },
) {
  return async (_previous: ActionState, formData: FormData): Promise<ActionState> => {
    const user = await requireUser(options.returnPath);
    const fields = formFields(formData);
    const parsed = fields ? schema.safeParse(fields) : null;
    if (!parsed?.success) {
      return { error: parsed?.error.issues[0]?.message ?? 'That request was not valid. Nothing was changed.' };
    }
    let outcome: ActionOutcome;
    try {
      const locale = portalLocale((await headers()).get('accept-language'));
      outcome = await handler({ user, customerId: user.stripeCustomerId, locale }, parsed.data);
    } catch (error) {
      console.error('[billing action]', error);
      return { error: billingErrorMessage(error) };
    }
    if ('error' in outcome) return { error: outcome.error };
    redirect(outcome.redirectTo);
  };
}
