import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { Normaliser, relativeTime } from '../contract/normalise';

// The contract suite's one normaliser: what it replaces, and (as much) what it must leave alone.

const at = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const NOW = at('2026-03-10T12:00:00Z');

describe('Normaliser: ids', () => {
  it('become placeholders by prefix and order of appearance, the same id the same placeholder', () => {
    const n = new Normaliser();
    expect(
      n.normalise({
        a: 'cus_NffrFeUfNV2Hib',
        b: 'cus_OtherCustomer9',
        c: 'cus_NffrFeUfNV2Hib',
        d: 'sub_1MowQVLkdIwHu7ixeRlqHVzs',
        e: 'cs_test_a1B2c3D4e5F6',
      }),
    ).toEqual({ a: '<cus_1>', b: '<cus_2>', c: '<cus_1>', d: '<sub_1>', e: '<cs_test_1>' });
    expect(n.normalise('cus_OtherCustomer9')).toBe('<cus_2>');
  });

  it('are numbered in sorted key order, so the order a target sends fields in does not matter', () => {
    const first = new Normaliser().normalise({ zeta: 'price_1ZZZZZZZZZZZZ', alpha: 'price_1AAAAAAAAAAAA' });
    const second = new Normaliser().normalise({ alpha: 'price_1AAAAAAAAAAAA', zeta: 'price_1ZZZZZZZZZZZZ' });
    expect(first).toEqual(second);
    expect(first).toEqual({ alpha: '<price_1>', zeta: '<price_2>' });
  });

  it('are shown by name when named, inside messages and paths too, and without a prefix (coupon ids)', () => {
    const n = new Normaliser({ names: { customer: 'cus_NffrFeUfNV2Hib', coupon: 'Z4OV52SU' } });
    expect(
      n.normalise({
        message: "No such customer: 'cus_NffrFeUfNV2Hib'",
        url: '/v1/invoices/in_1MtHbELkdIwHu7ixl4OzzPMv/lines',
        discounts: [{ coupon: 'Z4OV52SU' }],
      }),
    ).toEqual({ message: "No such customer: '<customer>'", url: '/v1/invoices/<in_1>/lines', discounts: [{ coupon: '<coupon>' }] });
  });

  it('leave words, test tokens and made-up ids alone', () => {
    const words = [
      'cancellation_requested',
      'subscription_update_confirm',
      'pm_card_visa',
      'cus_missing',
      'price_missing',
      'user_42',
      'billing_portal.session',
    ];
    expect(new Normaliser().normalise(words)).toEqual(words);
  });
});

describe('Normaliser: the run, hosted pages and unpredictable fields', () => {
  it('shows the run id as <run> and a URL on a hosted origin as <hosted page>', () => {
    const n = new Normaliser({
      runId: 'contract-20260310t120000-abc123',
      hostedOrigins: ['https://billing.stripe.com', 'http://127.0.0.1:40111'],
    });
    expect(
      n.normalise({
        email: 'jenny+contract-20260310t120000-abc123@example.com',
        metadata: { contract_run: 'contract-20260310t120000-abc123' },
        url: 'https://billing.stripe.com/p/session/test_YWNjdF8xTXBjMg',
        emulator: 'http://127.0.0.1:40111/p/session/test_abc',
        return_url: 'https://example.com/account',
        lookalike: 'https://billing.stripe.com.example.org/p',
      }),
    ).toEqual({
      email: 'jenny+<run>@example.com',
      metadata: { contract_run: '<run>' },
      url: '<hosted page>',
      emulator: '<hosted page>',
      return_url: 'https://example.com/account',
      lookalike: 'https://billing.stripe.com.example.org/p',
    });
  });

  it('replaces account-dependent fields with markers, keeps their nulls, and compares decimals as strings', () => {
    const decimal = { toJSON: () => '2000.5' };
    expect(
      new Normaliser().normalise({
        api_version: '2024-06-20',
        number: 'A1B2C3D4-0001',
        pending_webhooks: 3,
        request: { idempotency_key: 'stripe-node-retry-0b5d0e55-3d70-4c4a-9b6e-6b9d0a5d1f5e' },
        receipt_number: null,
        unit_amount_decimal: decimal,
      }),
    ).toEqual({
      api_version: '<api version>',
      number: '<invoice number>',
      pending_webhooks: '<pending webhooks>',
      request: { idempotency_key: '<idempotency key>' },
      receipt_number: null,
      unit_amount_decimal: '2000.5',
    });
    expect(new Normaliser().normalise({ number: null })).toEqual({ number: null });
  });
});

describe('Normaliser: timestamps', () => {
  it('become offsets from now: now, calendar months and years, days, else seconds', () => {
    const n = new Normaliser();
    expect(
      n.normalise(
        {
          created: NOW - 3,
          current_period_end: at('2026-04-10T12:00:02Z'),
          billing_cycle_anchor: NOW,
          trial_end: NOW + 14 * 86_400,
          expires_at: NOW + 86_400,
          canceled_at: at('2027-03-10T12:00:00Z'),
          ended_at: NOW - 86_400,
          cancel_at: NOW + 7200,
        },
        NOW,
      ),
    ).toEqual({
      created: 'now',
      current_period_end: 'now+1mo',
      billing_cycle_anchor: 'now',
      trial_end: 'now+14d',
      expires_at: 'now+1d',
      canceled_at: 'now+1y',
      ended_at: 'now-1d',
      cancel_at: 'now+7200s',
    });
  });

  it('leave amounts, counts and numbers under other names alone', () => {
    expect(new Normaliser().normalise({ amount: 1_800_000_000, quantity: 1_800_000_000, start_date: 12, created: null }, NOW)).toEqual({
      amount: 1_800_000_000,
      quantity: 1_800_000_000,
      start_date: 12,
      created: null,
    });
  });

  it('read a month on the calendar: Jan 31 + 1 month is Feb 28, even across midnight', () => {
    expect(relativeTime(at('2027-02-28T12:00:00Z'), at('2027-01-31T12:00:00Z'))).toBe('now+1mo');
    // Created just before midnight, normalised just after: still one month.
    expect(relativeTime(at('2027-02-28T23:59:59Z'), at('2027-01-31T00:00:05Z'))).toBe('now+1mo');
    // Months count from now, not from a billing anchor: Feb 28 to Mar 31 is 31 days.
    expect(relativeTime(at('2027-03-31T12:00:00Z'), at('2027-02-28T12:00:00Z'))).toBe('now+31d');
  });
});

describe('Normaliser: errors', () => {
  it('keep Stripe’s type, code, param and message, with ids replaced', () => {
    const n = new Normaliser({ names: { customer: 'cus_NffrFeUfNV2Hib' } });
    const error = new Stripe.errors.StripeInvalidRequestError({
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'customer',
      message: "No such customer: 'cus_NffrFeUfNV2Hib'",
    });
    expect(n.error(error)).toEqual({
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'customer',
      message: "No such customer: '<customer>'",
    });
    expect(n.error(new Stripe.errors.StripeInvalidRequestError({ type: 'invalid_request_error', message: 'Not a valid URL' }))).toEqual({
      type: 'invalid_request_error',
      message: 'Not a valid URL',
    });
  });

  it('rethrow anything that is not a Stripe error', () => {
    const failure = new TypeError('fetch failed');
    expect(() => new Normaliser().error(failure)).toThrow(failure);
  });
});
