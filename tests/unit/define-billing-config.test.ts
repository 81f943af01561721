import { describe, expect, it } from 'vitest';
import { BillingConfigError, type BillingConfig, type BillingConfigInput } from '@/lib/billing/config-schema';
import { buildBillingConfig, testBillingConfig as billingConfig } from '../support/billing-config';

// defineBillingConfig: the tests' catalogue is accepted with its defaults filled in, and each
// impossible edit is refused with a message naming what is wrong.

/** The test catalogue with some edits, validated again as stripe:setup would load it. */
const editedConfig: (edit: (input: BillingConfigInput) => void) => BillingConfig = buildBillingConfig;

describe('defineBillingConfig', () => {
  function problemsOf(edit: (input: BillingConfigInput) => void): string[] {
    try {
      editedConfig(edit);
    } catch (error) {
      expect(error).toBeInstanceOf(BillingConfigError);
      expect((error as Error).message).toMatch(/^billing\.config\.ts is invalid:\n {2}- /);
      return (error as BillingConfigError).problems;
    }
    throw new Error('defineBillingConfig accepted an invalid config');
  }

  it('accepts the test catalogue and fills in defaults', () => {
    const config = editedConfig(() => {});
    expect(config).toEqual(billingConfig);
    expect(config.products[0]!.prices[0]!.currency).toBe('usd');
    expect(config.flows.manageBilling.configuration).toBe('default');
  });

  it('subscriptionUpdate with paymentMethodUpdate false → rejected, naming Stripe’s rule', () => {
    expect(
      problemsOf((input) => {
        input.portalConfigurations.default!.paymentMethodUpdate = false;
      }),
    ).toContain(
      'portalConfigurations.default.subscriptionUpdate: needs paymentMethodUpdate: true (Stripe cannot enable subscription updates while payment method update is disabled)',
    );
  });

  it('a portal configuration offering an unknown product → rejected with the product’s key', () => {
    expect(
      problemsOf((input) => {
        input.portalConfigurations.default!.subscriptionUpdate!.products.push('enterprise');
      }),
    ).toEqual(['portalConfigurations.default.subscriptionUpdate.products.3: unknown product "enterprise"']);
  });

  it('a promotion code for an undeclared coupon → rejected', () => {
    expect(
      problemsOf((input) => {
        input.promotionCodes!.push({ code: 'WELCOME', coupon: 'welcome_50' });
      }),
    ).toEqual(['promotionCodes.1.coupon: unknown coupon "welcome_50"; declare it in coupons']);
  });

  it('a flow naming an unknown portal configuration → rejected', () => {
    expect(
      problemsOf((input) => {
        input.flows.subscriptionCancel.configuration = 'retention';
      }),
    ).toEqual(['flows.subscriptionCancel.configuration: unknown portal configuration "retention"']);
  });

  it('no default portal configuration → rejected, and so is every flow that relied on it', () => {
    const problems = problemsOf((input) => {
      const portal = input.portalConfigurations.default!;
      input.portalConfigurations = { main: portal };
    });
    expect(problems[0]).toBe(
      'portalConfigurations: needs a "default" configuration: Stripe uses it for every portal session that names none',
    );
    expect(problems).toContain('flows.manageBilling.configuration: unknown portal configuration "default"');
  });

  it('a flow on a configuration that has its feature turned off → rejected', () => {
    expect(
      problemsOf((input) => {
        input.portalConfigurations.default!.subscriptionCancel = null;
      }),
    ).toEqual([
      'flows.subscriptionCancel.configuration: portal configuration "default" has subscriptionCancel turned off, so this flow could not run',
    ]);
  });

  it('lists every problem at once, and rejects unknown keys', () => {
    const problems = problemsOf((input) => {
      input.coupons![1]!.duration = 'repeating';
      (input.products[0] as Record<string, unknown>).colour = 'blue';
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^products\.0: Unrecognized key: "colour"/),
        'coupons.1.durationInMonths: is required with duration "repeating", and only then',
      ]),
    );
  });
});
