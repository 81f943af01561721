import { idOf } from '../ids.js';
import { paymentNeedsAuthentication, setupNeedsAuthentication } from '../resources/payment-methods/index.js';
import { previewPlanChange, scheduledFor, type PlanChange } from './actions.js';
import { cardFormValues, readCardForm, type CardFormResult } from './card-form.js';
import type { Messages } from './i18n/index.js';
import type { PortalContext } from './session.js';

// How the update-confirm page pays: the card on file, or a new card typed on the page.

/** The new card typed on the confirm page, checked; null when its card fields were left empty. */
export function newCardOf(form: Readonly<Record<string, unknown>>, now: number, t: Messages): CardFormResult | null {
  const values = cardFormValues(form);
  if (!values.card_number && !values.expiry && !values.cvc) return null;
  return readCardForm(values, now, t);
}

/**
 * Whether confirming asks for 3-D Secure: a new card that authenticates on set-up, or a card on
 * file that authenticates every payment when the change is charged now.
 */
export function paymentNeedsAuthenticationFor(context: PortalContext, change: PlanChange, newCardNumber: string | null): boolean {
  const { store, configuration, customer } = context;
  if (newCardNumber !== null) return setupNeedsAuthentication(newCardNumber);
  if (scheduledFor(store, configuration, change) !== null) return false;
  const subscription = store.subscriptions.get(change.subscription);
  const paymentMethodId = idOf(subscription?.default_payment_method ?? null) ?? idOf(customer.invoice_settings.default_payment_method);
  const paymentMethod = paymentMethodId ? store.payment_methods.get(paymentMethodId) : undefined;
  if (!paymentMethod || !paymentNeedsAuthentication(paymentMethod)) return false;
  const preview = previewPlanChange(store, configuration, change);
  return preview.billing_reason === 'subscription_update' && preview.amount_due > 0;
}
