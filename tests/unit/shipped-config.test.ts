import { describe, expect, it } from 'vitest';
import { billingConfig } from '@/billing.config';
import { defineBillingConfig } from '@/lib/billing/config-schema';
import { demoCustomers } from '@/lib/billing/demo';
import { defineSiteConfig } from '@/lib/site-config';
import { site } from '@/site.config';

// The only test that reads the shipped billing.config.ts and site.config.ts, and it asserts
// only what any valid pair satisfies: a fork edits both freely. Every other unit and
// integration test builds its own catalogue (tests/support/billing-config.ts).

describe('the shipped configuration', () => {
  it('billing.config.ts is valid: validating it again changes nothing', () => {
    expect(defineBillingConfig(billingConfig)).toEqual(billingConfig);
  });

  it('site.config.ts is valid: validating it again changes nothing', () => {
    expect(defineSiteConfig(site)).toEqual(site);
  });

  it('every flow names a portal configuration it declares, and there is a default one', () => {
    expect(Object.keys(billingConfig.portalConfigurations)).toContain('default');
    for (const flow of Object.values(billingConfig.flows)) {
      expect(billingConfig.portalConfigurations).toHaveProperty([flow.configuration]);
    }
  });

  it('the demo customers of `npm run dev` subscribe to prices it declares', () => {
    const lookupKeys = new Set(billingConfig.products.flatMap((product) => product.prices.map((price) => price.lookupKey)));
    const plans = demoCustomers(billingConfig).flatMap((customer) => customer.plans);
    expect(plans.length).toBeGreaterThan(0);
    for (const plan of plans) expect(lookupKeys).toContain(plan);
  });
});
