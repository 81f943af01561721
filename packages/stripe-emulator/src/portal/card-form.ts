import { StripeApiError, type CardFailure } from '../errors.js';
import type { CardDetails } from '../resources/payment-methods/index.js';
import type { Messages } from './i18n/index.js';

/**
 * The card fields of the hosted pages ("Card number", "Expiry", "CVC", "Name on card"), checked as
 * Stripe's card element checks them before anything is sent: a complete number that passes the
 * Luhn check, an expiry in the future, a 3–4 digit CVC.
 */

export type CardField = 'card_number' | 'expiry' | 'cvc';

export interface CardFormValues {
  readonly card_number: string;
  readonly expiry: string;
  readonly cvc: string;
  readonly name: string;
}

export type CardFormResult =
  | { readonly ok: true; readonly card: CardDetails; readonly name: string | null }
  | { readonly ok: false; readonly errors: Partial<Record<CardField, string>> };

export function cardFormValues(form: Readonly<Record<string, unknown>>): CardFormValues {
  const text = (key: string) => (typeof form[key] === 'string' ? form[key].trim() : '');
  return { card_number: text('card_number'), expiry: text('expiry'), cvc: text('cvc'), name: text('name') };
}

function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Validates the typed card; `now` is the emulator clock in Unix seconds. */
export function readCardForm(values: CardFormValues, now: number, t: Messages): CardFormResult {
  const errors: Partial<Record<CardField, string>> = {};

  const number = values.card_number.replace(/[\s-]/g, '');
  if (!/^\d*$/.test(number)) errors.card_number = t.cardNumberInvalid;
  else if (number.length < 13) errors.card_number = t.cardNumberIncomplete;
  else if (number.length > 19 || !passesLuhn(number)) errors.card_number = t.cardNumberInvalid;

  const expiry = /^(\d{1,2})\s*\/\s*(\d{2}|\d{4})$/.exec(values.expiry);
  let expMonth = 0;
  let expYear = 0;
  if (!expiry) {
    errors.expiry = t.expiryIncomplete;
  } else {
    expMonth = Number(expiry[1]);
    expYear = Number(expiry[2]);
    if (expYear < 100) expYear += 2000;
    const today = new Date(now * 1000);
    const thisMonth = today.getUTCFullYear() * 12 + today.getUTCMonth() + 1;
    if (expMonth < 1 || expMonth > 12) errors.expiry = t.cardFailures.invalid_expiry_month;
    else if (expYear * 12 + expMonth < thisMonth) errors.expiry = t.expiryInPast;
  }

  if (!/^\d{3,4}$/.test(values.cvc)) errors.cvc = t.cvcIncomplete;

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, card: { number, exp_month: expMonth, exp_year: expYear, cvc: values.cvc }, name: values.name || null };
}

const CARD_FAILURES = new Set<string>([
  'generic_decline',
  'insufficient_funds',
  'lost_card',
  'stolen_card',
  'expired_card',
  'incorrect_cvc',
  'processing_error',
  'incorrect_number',
  'invalid_expiry_month',
  'invalid_expiry_year',
]);

/**
 * The customer-facing message for a card error thrown by the payment method or invoice code, in
 * the page's language, or `null` for errors that are not about the card.
 */
export function cardErrorMessage(error: unknown, t: Messages): { message: string; field: CardField | null } | null {
  if (!(error instanceof StripeApiError) || error.type !== 'card_error') return null;
  const reason = error.declineCode ?? error.code ?? '';
  const message = CARD_FAILURES.has(reason) ? t.cardFailures[reason as CardFailure] : error.message;
  const field: CardField | null =
    reason === 'incorrect_number'
      ? 'card_number'
      : reason.startsWith('invalid_expiry')
        ? 'expiry'
        : reason === 'incorrect_cvc'
          ? 'cvc'
          : null;
  return { message, field };
}
