import { createHash } from 'node:crypto';
import type Stripe from 'stripe';
import type { CardFailure } from '../../errors.js';

/**
 * Card payment methods. There is no card network: Stripe's test card numbers (and the
 * `pm_card_…` / `tok_…` shortcuts for them) decide how a card behaves. A card that fails "on
 * attach" is refused when saved to a customer; one that fails "on charge" saves fine and is
 * declined when an invoice is paid with it.
 */
interface TestCard {
  readonly brand: string;
  readonly funding: 'credit' | 'debit' | 'prepaid';
  readonly country: string;
  readonly failsOnAttach?: CardFailure;
  readonly failsOnCharge?: CardFailure;
  /**
   * 3-D Secure: `setup` cards ask for authentication when they are saved and not afterwards;
   * `always` cards ask for it on every payment too, so charging them without the customer there
   * (a renewal) fails with `authentication_required`.
   */
  readonly authentication?: 'setup' | 'always';
}

export const TEST_CARDS: Readonly<Record<string, TestCard>> = {
  '4242424242424242': { brand: 'visa', funding: 'credit', country: 'US' },
  '4000056655665556': { brand: 'visa', funding: 'debit', country: 'US' },
  '5555555555554444': { brand: 'mastercard', funding: 'credit', country: 'US' },
  '2223003122003222': { brand: 'mastercard', funding: 'credit', country: 'US' },
  '5200828282828210': { brand: 'mastercard', funding: 'debit', country: 'US' },
  '5105105105105100': { brand: 'mastercard', funding: 'prepaid', country: 'US' },
  '378282246310005': { brand: 'amex', funding: 'credit', country: 'US' },
  '6011111111111117': { brand: 'discover', funding: 'credit', country: 'US' },
  '3056930009020004': { brand: 'diners', funding: 'credit', country: 'US' },
  '3566002020360505': { brand: 'jcb', funding: 'credit', country: 'JP' },
  '4000000000000002': { brand: 'visa', funding: 'credit', country: 'US', failsOnAttach: 'generic_decline' },
  '4000000000009995': { brand: 'visa', funding: 'credit', country: 'US', failsOnAttach: 'insufficient_funds' },
  '4000000000009987': { brand: 'visa', funding: 'credit', country: 'US', failsOnAttach: 'lost_card' },
  '4000000000009979': { brand: 'visa', funding: 'credit', country: 'US', failsOnAttach: 'stolen_card' },
  '4000000000000069': { brand: 'visa', funding: 'credit', country: 'US', failsOnAttach: 'expired_card' },
  '4000000000000127': { brand: 'visa', funding: 'credit', country: 'US', failsOnAttach: 'incorrect_cvc' },
  '4000000000000119': { brand: 'visa', funding: 'credit', country: 'US', failsOnAttach: 'processing_error' },
  '4000000000000341': { brand: 'visa', funding: 'credit', country: 'US', failsOnCharge: 'generic_decline' },
  '4000002500003155': { brand: 'visa', funding: 'credit', country: 'IE', authentication: 'setup' },
  '4000002760003184': { brand: 'visa', funding: 'credit', country: 'IE', authentication: 'always' },
};

export function fingerprintOf(number: string): string {
  return createHash('sha256').update(`emulator:${number}`).digest('base64url').slice(0, 16);
}

/** Card fingerprints are derived from the number, so a stored card can be traced to its test card. */
const TEST_CARDS_BY_FINGERPRINT = new Map(Object.entries(TEST_CARDS).map(([number, card]) => [fingerprintOf(number), card]));

export function testCardOf(paymentMethod: Stripe.PaymentMethod): TestCard | undefined {
  const fingerprint = paymentMethod.card?.fingerprint;
  return fingerprint ? TEST_CARDS_BY_FINGERPRINT.get(fingerprint) : undefined;
}

/** `pm_card_…` test payment methods (and `tok_…` tokens of the same name) by card number. */
const TEST_TOKENS: Readonly<Record<string, string>> = {
  visa: '4242424242424242',
  visa_debit: '4000056655665556',
  mastercard: '5555555555554444',
  mastercard_debit: '5200828282828210',
  mastercard_prepaid: '5105105105105100',
  amex: '378282246310005',
  discover: '6011111111111117',
  diners: '3056930009020004',
  jcb: '3566002020360505',
  chargeDeclined: '4000000000000002',
  visa_chargeDeclined: '4000000000000002',
  chargeDeclinedInsufficientFunds: '4000000000009995',
  visa_chargeDeclinedInsufficientFunds: '4000000000009995',
  chargeDeclinedLostCard: '4000000000009987',
  visa_chargeDeclinedLostCard: '4000000000009987',
  chargeDeclinedStolenCard: '4000000000009979',
  visa_chargeDeclinedStolenCard: '4000000000009979',
  chargeDeclinedExpiredCard: '4000000000000069',
  visa_chargeDeclinedExpiredCard: '4000000000000069',
  chargeDeclinedIncorrectCvc: '4000000000000127',
  visa_chargeDeclinedIncorrectCvc: '4000000000000127',
  chargeDeclinedProcessingError: '4000000000000119',
  visa_chargeDeclinedProcessingError: '4000000000000119',
  chargeCustomerFail: '4000000000000341',
  visa_chargeCustomerFail: '4000000000000341',
  authenticationRequiredOnSetup: '4000002500003155',
  authenticationRequired: '4000002760003184',
};

/** The card number a `pm_card_visa` / `tok_visa` shortcut stands for, if it is one. */
export function testTokenCardNumber(idOrToken: string): string | undefined {
  const match = /^(?:pm_card_|tok_)(.+)$/.exec(idOrToken);
  return match?.[1] ? TEST_TOKENS[match[1]] : undefined;
}

/** Whether the customer is there and has just authenticated (a hosted page's 3-D Secure step). */
let customerAuthenticated = false;

/**
 * Runs `fn` (synchronous, like every store transaction) as a payment the customer has
 * authenticated: `always` cards are charged without `authentication_required`.
 */
export function withCustomerAuthentication<T>(fn: () => T): T {
  const previous = customerAuthenticated;
  customerAuthenticated = true;
  try {
    return fn();
  } finally {
    customerAuthenticated = previous;
  }
}

/** Why charging this payment method fails, or `null` when it succeeds. */
export function chargeFailure(paymentMethod: Stripe.PaymentMethod): CardFailure | null {
  const testCard = testCardOf(paymentMethod);
  if (testCard?.authentication === 'always' && !customerAuthenticated) return 'authentication_required';
  return testCard?.failsOnCharge ?? testCard?.failsOnAttach ?? null;
}

/** Whether saving a card with this number asks for 3-D Secure (both authentication test cards do). */
export function setupNeedsAuthentication(cardNumber: string): boolean {
  return TEST_CARDS[cardNumber]?.authentication !== undefined;
}

/** Whether paying with this saved card asks for 3-D Secure every time (4000 0027 6000 3184). */
export function paymentNeedsAuthentication(paymentMethod: Stripe.PaymentMethod): boolean {
  return testCardOf(paymentMethod)?.authentication === 'always';
}
