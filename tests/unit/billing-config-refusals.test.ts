import { describe, expect, it } from 'vitest';
import { BillingConfigError, type BillingConfigInput } from '@/lib/billing/config-schema';
import { seatBoundsOfPrice, seatBoundsOfProduct, seatCountProblem } from '@/lib/billing/seats';
import { buildBillingConfig, testBillingConfig } from '../support/billing-config';

// Acceptance 3: billing.config.ts refuses impossible combinations of pause, seats and the
// flows Stripe added, with a message that says what to fix, before any Stripe call.

function problems(edit: (input: BillingConfigInput) => void): string[] {
  try {
    buildBillingConfig(edit);
  } catch (error) {
    if (error instanceof BillingConfigError) return error.problems;
    throw error;
  }
  return [];
}

const portal = (input: BillingConfigInput) => input.portalConfigurations.default!;

describe('billing.config.ts refuses', () => {
  it('an adjustable quantity on a product the portal does not offer', () => {
    expect(
      problems((input) => {
        portal(input).subscriptionUpdate!.products = ['starter', 'pro'];
      }),
    ).toEqual([
      'portalConfigurations.default.subscriptionUpdate.adjustableQuantity.team: product "team" is not one of subscriptionUpdate.products, so the portal does not offer it and its quantity cannot be adjustable',
    ]);
  });

  it('seat bounds the wrong way round, and a minimum below one', () => {
    expect(
      problems((input) => {
        portal(input).subscriptionUpdate!.adjustableQuantity = { team: { minimum: 10, maximum: 5 } };
      }),
    ).toEqual(['portalConfigurations.default.subscriptionUpdate.adjustableQuantity.team: minimum must not be above maximum']);
    expect(
      problems((input) => {
        portal(input).subscriptionUpdate!.adjustableQuantity = { team: { minimum: 0, maximum: 5 } };
      }),
    ).toHaveLength(1);
  });

  it('a pause without durations', () => {
    expect(
      problems((input) => {
        portal(input).subscriptionPause = { durations: [] };
      }),
    ).toEqual([
      'portalConfigurations.default.subscriptionPause.durations: lists no duration: give at least one (e.g. { interval: "month", count: 1 }), or "indefinite" for a pause until resumed',
    ]);
  });

  it('a pause longer than three years', () => {
    expect(
      problems((input) => {
        portal(input).subscriptionPause = { durations: [{ interval: 'month', count: 37 }] };
      }),
    ).toEqual(['portalConfigurations.default.subscriptionPause.durations.0: is longer than three years, the longest pause Stripe allows']);
  });

  it('the pause and billing-details flows on a configuration that turns them off', () => {
    expect(
      problems((input) => {
        portal(input).subscriptionPause = null;
        portal(input).customerUpdate = [];
      }),
    ).toEqual([
      'flows.customerUpdate.configuration: portal configuration "default" allows no customerUpdate fields, so this flow could not run',
      'flows.subscriptionPause.configuration: portal configuration "default" has subscriptionPause turned off, so this flow could not run',
    ]);
  });

  it('but accepts leaving those two flows out (no button), and an indefinite pause', () => {
    expect(
      problems((input) => {
        delete input.flows.customerUpdate;
        delete input.flows.subscriptionPause;
        portal(input).subscriptionPause = null;
        portal(input).customerUpdate = [];
      }),
    ).toEqual([]);
    expect(problems((input) => void (portal(input).subscriptionPause = { durations: 'indefinite' }))).toEqual([]);
  });
});

describe('seats', () => {
  it('come from the adjustable quantities of the configuration "Switch to …" uses', () => {
    expect(seatBoundsOfProduct('team', testBillingConfig)).toEqual({ productKey: 'team', minimum: 1, maximum: 20 });
    expect(seatBoundsOfPrice('team_yearly', testBillingConfig)).toEqual({ productKey: 'team', minimum: 1, maximum: 20 });
    expect(seatBoundsOfProduct('pro', testBillingConfig)).toBeNull();
    expect(seatBoundsOfPrice(null, testBillingConfig)).toBeNull();
  });

  it('refuse a count outside the bounds or equal to the current one', () => {
    const bounds = { productKey: 'team', minimum: 2, maximum: 5 };
    expect(seatCountProblem(1, 3, bounds)).toBe('seatsBelowMinimum');
    expect(seatCountProblem(6, 3, bounds)).toBe('seatsAboveMaximum');
    expect(seatCountProblem(3, 3, bounds)).toBe('seatsUnchanged');
    expect(seatCountProblem(4, 3, bounds)).toBeNull();
    expect(seatCountProblem(500, 3, { ...bounds, maximum: null })).toBeNull();
  });
});

describe('billing.config.ts refuses impossible plans over time', () => {
  it('a trial without a card that does not say how it ends', () => {
    expect(
      problems((input) => {
        input.products[0]!.trial = { days: 14, card: 'optional' };
      }),
    ).toEqual([
      'products.0.trial.whenNoCard: is required with card: "optional": say what happens when the trial ends without a card (cancel, pause or create_invoice)',
    ]);
  });

  it('an end-without-card behaviour on a trial that requires a card, and a trial longer than Stripe allows', () => {
    expect(
      problems((input) => {
        input.products[0]!.trial = { days: 731, card: 'required', whenNoCard: 'pause' };
      }),
    ).toEqual([
      'products.0.trial.days: is longer than 730 days, the longest trial Stripe allows',
      'products.0.trial.whenNoCard: only applies to a trial with card: "optional" (with a card required, a trial never ends without one)',
    ]);
  });

  it('prorations on a cancellation at the period end', () => {
    expect(
      problems((input) => {
        portal(input).subscriptionCancel = { mode: 'at_period_end', prorationBehavior: 'create_prorations' };
      }),
    ).toEqual([
      'portalConfigurations.default.subscriptionCancel.prorationBehavior: can be "create_prorations" only with mode "immediately": a cancellation at the period\'s end leaves no unused time to refund',
    ]);
  });

  it('changes at the period end with no condition, and unknown settings', () => {
    expect(
      problems((input) => {
        const update = portal(input).subscriptionUpdate!;
        update.scheduleAtPeriodEnd = { conditions: [] };
        (update as Record<string, unknown>).trialUpdateBehavior = 'restart_trial';
      }),
    ).toEqual([
      'portalConfigurations.default.subscriptionUpdate.scheduleAtPeriodEnd.conditions: lists no condition: give decreasing_item_amount, shortening_interval or both',
      'portalConfigurations.default.subscriptionUpdate.trialUpdateBehavior: Invalid option: expected one of "continue_trial"|"end_trial"',
    ]);
  });

  it('a product that includes itself or an unknown one, and a feature key the code does not know', () => {
    expect(
      problems((input) => {
        input.products[0]!.includes = input.products[0]!.key;
        input.products[1]!.includes = 'platinum';
      }),
    ).toEqual(['products.0.includes: cannot include the product itself', 'products.1.includes: unknown product "platinum"']);
    expect(
      problems((input) => {
        input.products[0]!.features = [{ key: 'teleportation' as 'projects', text: 'Teleportation' }];
      }).length,
    ).toBe(1);
  });
});
