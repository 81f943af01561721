import { describe, expect, it } from 'vitest';
import { accessOf, canUse, entitlementsOf, featureAccess, featuresOfProduct, firstProductUnlocking } from '@/lib/billing/entitlements';
import type { SubscriptionStatus } from '@/lib/db/schema';
import { buildBillingConfig } from '../support/billing-config';

// Acceptance 3: the entitlement policy, state by state, over a config of our own (so a fork's
// plans do not change what is tested): Basic unlocks `projects`; Plus unlocks `custom_domains`
// and includes Basic; Team includes Plus (as the shipped Business includes Pro); a feature without
// a key unlocks nothing.
const config = buildBillingConfig((input) => {
  input.products = [
    {
      key: 'basic',
      name: 'Basic',
      features: [{ key: 'projects', text: '1 project' }, 'Friendly people'],
      prices: [{ lookupKey: 'basic_monthly', unitAmount: 500, interval: 'month' }],
    },
    {
      key: 'plus',
      name: 'Plus',
      includes: 'basic',
      features: [{ key: 'custom_domains', text: 'Custom domains' }],
      prices: [{ lookupKey: 'plus_monthly', unitAmount: 1500, interval: 'month' }],
    },
    {
      key: 'team',
      name: 'Team',
      includes: 'plus',
      features: [{ key: 'seats', text: 'Seats' }],
      prices: [{ lookupKey: 'team_seat_monthly', unitAmount: 1900, interval: 'month' }],
    },
  ];
  input.portalConfigurations.default!.subscriptionUpdate = { products: ['basic', 'plus', 'team'] };
});

const on = (status: SubscriptionStatus, priceLookupKey = 'plus_monthly') => ({ status, priceLookupKey });

describe('entitlement policy, state by state', () => {
  it.each([
    ['active', 'full'],
    ['trialing', 'full'],
    ['past_due', 'grace'],
    ['paused', 'none'],
    ['unpaid', 'none'],
    ['canceled', 'none'],
    ['incomplete', 'none'],
    ['incomplete_expired', 'none'],
  ] as const)('%s gives %s access', (status, access) => {
    expect(accessOf(status)).toBe(access);
  });

  it('active: the plan and what it includes, without grace', () => {
    expect(entitlementsOf([on('active')], config)).toEqual({ features: new Set(['custom_domains', 'projects']), grace: false });
  });

  it('trialing: everything the plan unlocks, as if paid', () => {
    expect(canUse([on('trialing')], 'custom_domains', config)).toBe(true);
    expect(entitlementsOf([on('trialing')], config).grace).toBe(false);
  });

  it('past_due: kept during the grace period, and flagged as grace', () => {
    expect(entitlementsOf([on('past_due')], config)).toEqual({ features: new Set(['custom_domains', 'projects']), grace: true });
  });

  it('paused: nothing until it resumes', () => {
    expect(entitlementsOf([on('paused')], config).features.size).toBe(0);
    expect(canUse([on('paused')], 'projects', config)).toBe(false);
  });

  it('canceled and unpaid: nothing', () => {
    expect(canUse([on('canceled')], 'projects', config)).toBe(false);
    expect(canUse([on('unpaid')], 'projects', config)).toBe(false);
  });

  it('a feature no plan has is locked, even when active', () => {
    expect(canUse([on('active', 'basic_monthly')], 'custom_domains', config)).toBe(false);
    expect(canUse([on('active', 'basic_monthly')], 'single_sign_on', config)).toBe(false);
  });

  it('several subscriptions: the union, grace only for what no paid one unlocks', () => {
    const both = entitlementsOf([on('active', 'basic_monthly'), on('past_due', 'plus_monthly')], config);
    expect(both.features).toEqual(new Set(['projects', 'custom_domains']));
    expect(both.grace).toBe(true);
    const covered = entitlementsOf([on('active', 'plus_monthly'), on('past_due', 'basic_monthly')], config);
    expect(covered.grace).toBe(false);
  });

  it('a price that is not in billing.config.ts unlocks nothing', () => {
    expect(entitlementsOf([{ status: 'active', priceLookupKey: null }, on('active', 'legacy_monthly')], config).features.size).toBe(0);
  });

  it('features of a product follow `includes`, and an unkeyed feature is only text', () => {
    expect(featuresOfProduct('basic', config)).toEqual(new Set(['projects']));
    expect(featuresOfProduct('plus', config)).toEqual(new Set(['custom_domains', 'projects']));
  });
});

// The decision featureAction (lib/billing/feature-action.ts) makes before an action runs: canUse
// over the customer's subscriptions, here for the custom domains of /account/domains.
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
  ] as const)('the plan with it, %s: allowed %s (%s access)', (status, allowed, access) => {
    expect(canUse([on(status)], 'custom_domains', config)).toBe(allowed);
    expect(featureAccess([on(status)], 'custom_domains', config)).toBe(access);
  });

  it('a plan without it (like Starter) is refused even when active; one that includes it (like Business) is allowed', () => {
    expect(canUse([on('active', 'basic_monthly')], 'custom_domains', config)).toBe(false);
    expect(canUse([on('active', 'team_seat_monthly')], 'custom_domains', config)).toBe(true);
    expect(featureAccess([on('past_due', 'team_seat_monthly')], 'custom_domains', config)).toBe('grace');
  });

  it('no subscription is refused; a paid-up subscription that has it makes a past_due one full access', () => {
    expect(canUse([], 'custom_domains', config)).toBe(false);
    expect(featureAccess([on('past_due'), on('active', 'team_seat_monthly')], 'custom_domains', config)).toBe('full');
    expect(featureAccess([on('past_due'), on('active', 'basic_monthly')], 'custom_domains', config)).toBe('grace');
  });

  it('names the first plan that unlocks it, for "Custom domains come with Plus"', () => {
    expect(firstProductUnlocking('custom_domains', config)).toBe('Plus');
    expect(firstProductUnlocking('single_sign_on', config)).toBeNull();
  });
});
