import { describe, expect, it } from 'vitest';
import { canUse, featureAccess, firstProductUnlocking } from '@/lib/billing/entitlements';
import { MAX_HOSTNAME_LENGTH, hostnameSchema } from '@/lib/custom-domains';
import type { SubscriptionStatus } from '@/lib/db/schema';
import { buildBillingConfig } from '../support/billing-config';

// Custom domains, the demonstration of a gated feature: what "Add a domain" accepts, and the
// decision featureAction makes before it runs (canUse over the customer's subscriptions).

/** The message key the schema refuses `input` with, or the hostname it accepts. */
function parse(input: unknown): { hostname: string } | { refused: string } {
  const result = hostnameSchema.safeParse(input);
  return result.success ? { hostname: result.data } : { refused: result.error.issues[0]!.message };
}

describe('the hostname schema', () => {
  it.each([
    ['example.com', 'example.com'],
    ['app.example.com', 'app.example.com'],
    ['  App.Example.COM  ', 'app.example.com'],
    ['example.com.', 'example.com'],
    ['my-app.example.co.uk', 'my-app.example.co.uk'],
    ['xn--caf-dma.fr', 'xn--caf-dma.fr'],
    ['1password.com', '1password.com'],
    [`${'a'.repeat(63)}.com`, `${'a'.repeat(63)}.com`],
  ])('accepts %j as %j', (input, hostname) => {
    expect(parse(input)).toEqual({ hostname });
  });

  it('accepts a name of exactly 253 characters, refuses one of 254', () => {
    const label = 'a'.repeat(61);
    // Four labels of 61, their dots and "com": 251 characters; two more on the first label (63, its most).
    const name253 = `ab${label}.${label}.${label}.${label}.com`;
    expect(name253).toHaveLength(MAX_HOSTNAME_LENGTH);
    expect(parse(name253)).toEqual({ hostname: name253 });
    expect(parse(`a${name253}`)).toEqual({ refused: 'hostnameTooLong' });
  });

  it.each([
    ['', 'hostnameRequired'],
    ['   ', 'hostnameRequired'],
    [undefined, 'hostnameRequired'],
    ['https://example.com', 'hostnameNotBare'],
    ['http://example.com', 'hostnameNotBare'],
    ['example.com/path', 'hostnameNotBare'],
    ['example.com:8080', 'hostnameNotBare'],
    ['example.com?x=1', 'hostnameNotBare'],
    ['user@example.com', 'hostnameNotBare'],
    ['localhost', 'hostnameInvalid'],
    ['192.168.0.1', 'hostnameInvalid'],
    ['exa mple.com', 'hostnameInvalid'],
    ['-example.com', 'hostnameInvalid'],
    ['example-.com', 'hostnameInvalid'],
    ['example..com', 'hostnameInvalid'],
    ['.example.com', 'hostnameInvalid'],
    ['exa_mple.com', 'hostnameInvalid'],
    ['café.fr', 'hostnameInvalid'],
    ['*.example.com', 'hostnameInvalid'],
    [`${'a'.repeat(64)}.com`, 'hostnameInvalid'],
  ])('refuses %j with %s', (input, key) => {
    expect(parse(input)).toEqual({ refused: key });
  });
});

// The shipped shape, in a catalogue of the tests' own: Pro unlocks custom domains, Business
// includes Pro, Starter does not.
const config = buildBillingConfig((input) => {
  input.products = [
    {
      key: 'starter',
      name: 'Starter',
      features: [{ key: 'projects', text: '1 project' }],
      prices: [{ lookupKey: 'starter_monthly', unitAmount: 900, interval: 'month' }],
    },
    {
      key: 'pro',
      name: 'Pro',
      features: [{ key: 'custom_domains', text: 'Custom domains' }],
      prices: [{ lookupKey: 'pro_monthly', unitAmount: 2900, interval: 'month' }],
    },
    {
      key: 'business',
      name: 'Business',
      includes: 'pro',
      features: [{ key: 'seats', text: 'Seats' }],
      prices: [{ lookupKey: 'business_seat_monthly', unitAmount: 1900, interval: 'month' }],
    },
  ];
  input.portalConfigurations.default!.subscriptionUpdate = { products: ['starter', 'pro', 'business'] };
});

const on = (status: SubscriptionStatus, priceLookupKey = 'pro_monthly') => ({ status, priceLookupKey });

describe('the custom_domains gate of featureAction', () => {
  it.each([
    ['active', true, 'full'],
    ['trialing', true, 'full'],
    ['past_due', true, 'grace'],
    ['paused', false, 'none'],
    ['unpaid', false, 'none'],
    ['canceled', false, 'none'],
    ['incomplete', false, 'none'],
    ['incomplete_expired', false, 'none'],
  ] as const)('Pro %s: allowed %s (%s access)', (status, allowed, access) => {
    expect(canUse([on(status)], 'custom_domains', config)).toBe(allowed);
    expect(featureAccess([on(status)], 'custom_domains', config)).toBe(access);
  });

  it('Starter, even active, is refused; Business is allowed through `includes: pro`', () => {
    expect(canUse([on('active', 'starter_monthly')], 'custom_domains', config)).toBe(false);
    expect(canUse([on('active', 'business_seat_monthly')], 'custom_domains', config)).toBe(true);
    expect(featureAccess([on('past_due', 'business_seat_monthly')], 'custom_domains', config)).toBe('grace');
  });

  it('no subscription is refused; a paid-up subscription makes a past_due one full access', () => {
    expect(canUse([], 'custom_domains', config)).toBe(false);
    expect(featureAccess([on('past_due'), on('active', 'business_seat_monthly')], 'custom_domains', config)).toBe('full');
    expect(featureAccess([on('past_due'), on('active', 'starter_monthly')], 'custom_domains', config)).toBe('grace');
  });

  it('names the first plan that unlocks it, for "Custom domains come with Pro"', () => {
    expect(firstProductUnlocking('custom_domains', config)).toBe('Pro');
    expect(firstProductUnlocking('single_sign_on', config)).toBeNull();
  });
});
