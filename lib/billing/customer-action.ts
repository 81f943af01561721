import 'server-only';
import { getLocale, getTranslations } from 'next-intl/server';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { requireUser } from '@/lib/auth';
import { billingErrorKey } from '@/lib/billing/errors';
import { ending } from '@/lib/billing/subscription-state';
import { db } from '@/lib/db';
import { findCustomerSubscription, type UserWithCustomer } from '@/lib/db/queries';
import type { Subscription } from '@/lib/db/schema';
import type { Locale } from '@/lib/i18n/config';

/** What an action returns to its form: a message the customer can act on. */
export interface ActionState {
  error?: string;
}

/** Words for an action's errors, in this request's language (`Errors` in messages/). */
type ErrorTranslator = Awaited<ReturnType<typeof getTranslations<'Errors'>>>;
export type ErrorKey = Parameters<ErrorTranslator>[0];

export interface ActionContext {
  user: UserWithCustomer;
  /** The signed-in user's Stripe customer, or null before their first subscription. */
  customerId: string | null;
  /** This request's language: the portal session's and Checkout's `locale` too. */
  locale: Locale;
  t: ErrorTranslator;
}

/** An action either sends the browser somewhere (a portal or Checkout URL) or explains why not. */
export type ActionOutcome = { redirectTo: string } | { error: string };

/**
 * A form-validation message: the key of its text under `Errors` (one without
 * placeholders), which the action wrapper translates; a misspelt key is a type error.
 */
export function errorKey(key: ErrorKey): ErrorKey {
  return key;
}

export const subscriptionIdSchema = z
  .string({ error: errorKey('chooseSubscription') })
  .regex(/^sub_[A-Za-z0-9]{1,64}$/, errorKey('subscriptionNotFound'));

/** What a subscription's own state refuses, under `Errors`. */
export type SubscriptionRefusal =
  'cannotCancel' | 'cannotChangePlan' | 'cannotPause' | 'cannotResume' | 'noPendingChange' | 'notCancelling';

/**
 * The subscription a flow acts on: only the signed-in customer's (an unknown id
 * and another customer's look the same), and only in a state the flow allows.
 */
export async function findSubscriptionForFlow(
  context: ActionContext,
  subscriptionId: string,
  allowed: (subscription: Subscription) => boolean,
  refusal: SubscriptionRefusal,
): Promise<{ subscription: Subscription } | { error: string }> {
  const { t } = context;
  const subscription = context.customerId ? await findCustomerSubscription(db, context.customerId, subscriptionId) : null;
  if (!subscription) return { error: t('subscriptionNotFound') };
  if (allowed(subscription)) return { subscription };
  const end = ending(subscription);
  if (end?.kind === 'ended') return { error: t('subscriptionEndedOn', { date: end.date }) };
  if (end?.kind === 'has-ended') return { error: t('subscriptionHasEnded') };
  if (end?.kind === 'ends') return { error: t('subscriptionEndsOn', { date: end.date }) };
  return { error: t(refusal) };
}

/** A schema's message is a key under `Errors` (see errorKey); anything else is a generic refusal. */
function translateIssue(t: ErrorTranslator, message: string | undefined): string {
  return message && t.has(message as ErrorKey) ? t(message as 'invalidRequest') : t('invalidRequest');
}

/** FormData to a plain object, refusing repeated fields (no id is ever an array) and overlong ones. */
function formFields(formData: FormData, maxFieldLength: number): Record<string, string> | null {
  const fields: Record<string, string> = {};
  for (const key of new Set(formData.keys())) {
    if (key.startsWith('$ACTION')) continue; // React's own bookkeeping fields
    const values = formData.getAll(key);
    if (values.length !== 1 || typeof values[0] !== 'string' || values[0].length > maxFieldLength) return null;
    fields[key] = values[0];
  }
  return fields;
}

export interface CustomerActionOptions {
  /** Where signing in leads back to when the session has ended (default `/account`). */
  returnPath?: string;
  /**
   * The longest field accepted before the schema sees it (default 200); a longer one is refused
   * as an invalid request. Raise it for a free-text field whose schema explains its own limit.
   */
  maxFieldLength?: number;
}

/** What an action does once the session is checked and the form parsed. */
export type ActionHandler<Schema extends z.ZodType<Record<string, unknown>>> = (
  context: ActionContext,
  input: z.output<Schema>,
) => Promise<ActionOutcome>;

/**
 * Wraps a billing server action: signs-in check (every action is a public POST
 * endpoint, whatever page shows its button), zod parsing of the form, the
 * customer lookup, and turning failures into a message that says nothing was
 * changed. `redirect()` runs last, outside the try, as Next.js requires.
 */
export function customerAction<Schema extends z.ZodType<Record<string, unknown>>>(
  schema: Schema,
  handler: ActionHandler<Schema>,
  { returnPath = '/account', maxFieldLength = 200 }: CustomerActionOptions = {},
) {
  return async (_previous: ActionState, formData: FormData): Promise<ActionState> => {
    const user = await requireUser(returnPath);
    const [t, locale] = await Promise.all([getTranslations('Errors'), getLocale()]);
    const fields = formFields(formData, maxFieldLength);
    const parsed = fields ? schema.safeParse(fields) : null;
    if (!parsed?.success) return { error: translateIssue(t, parsed?.error.issues[0]?.message) };
    let outcome: ActionOutcome;
    try {
      outcome = await handler({ user, customerId: user.stripeCustomerId, locale, t }, parsed.data);
    } catch (error) {
      console.error('[billing action]', error);
      return { error: t(billingErrorKey(error)) };
    }
    if ('error' in outcome) return { error: outcome.error };
    redirect(outcome.redirectTo);
  };
}
