import { defineBillingConfig, type BillingConfig, type BillingConfigInput } from '@/lib/billing/config-schema';

/**
 * The catalogue the unit and integration tests set up and assert on. It is theirs, not
 * billing.config.ts: a fork that renames its brand or replaces its plans keeps these tests
 * meaningful and green. (tests/unit/shipped-config.test.ts checks the shipped file, and
 * only for what any valid config satisfies; the end-to-end tests read the shipped file,
 * because they drive the app as it is configured.)
 */
function testCatalogue(): BillingConfigInput {
  return {
    products: [
      {
        key: 'starter',
        name: 'Starter',
        description: 'For individuals getting started.',
        features: ['1 project', 'Community support', 'Monthly usage reports'],
        prices: [
          { lookupKey: 'starter_monthly', unitAmount: 900, interval: 'month' },
          { lookupKey: 'starter_yearly', unitAmount: 9000, interval: 'year' },
        ],
      },
      {
        key: 'pro',
        name: 'Pro',
        description: 'For professionals who ship every week.',
        features: ['10 projects', 'E-mail support', 'Daily usage reports', 'Custom domains'],
        highlight: true,
        prices: [
          { lookupKey: 'pro_monthly', unitAmount: 2900, interval: 'month' },
          { lookupKey: 'pro_yearly', unitAmount: 29000, interval: 'year' },
        ],
      },
      {
        key: 'team',
        name: 'Team',
        description: 'For teams that share projects and billing.',
        features: ['Unlimited projects', 'Priority support', 'Real-time usage reports', 'Single sign-on'],
        prices: [
          { lookupKey: 'team_monthly', unitAmount: 7900, interval: 'month' },
          { lookupKey: 'team_yearly', unitAmount: 79000, interval: 'year' },
        ],
      },
    ],
    coupons: [
      { id: 'stay_25_off_3_months', name: '25% off for 3 months', percentOff: 25, duration: 'repeating', durationInMonths: 3 },
      { id: 'switch_10_off_once', name: '10% off your next invoice', percentOff: 10, duration: 'once' },
    ],
    promotionCodes: [{ code: 'SWITCH10', coupon: 'switch_10_off_once' }],
    portalConfigurations: {
      default: {
        name: 'Test Co — default',
        headline: 'Test Co partners with Stripe for billing.',
        invoiceHistory: true,
        customerUpdate: ['email', 'name', 'address'],
        paymentMethodUpdate: true,
        subscriptionCancel: {
          mode: 'at_period_end',
          reasons: ['too_expensive', 'missing_features', 'switched_service', 'unused', 'other'],
        },
        subscriptionUpdate: {
          products: ['starter', 'pro', 'team'],
          allowedUpdates: ['price', 'promotion_code'],
          prorationBehavior: 'create_prorations',
          adjustableQuantity: { team: { minimum: 1, maximum: 20 } },
        },
        subscriptionPause: {
          durations: [
            { interval: 'month', count: 1 },
            { interval: 'month', count: 3 },
          ],
        },
      },
    },
    flows: {
      paymentMethodUpdate: { configuration: 'default', afterCompletion: { type: 'redirect' } },
      subscriptionCancel: { configuration: 'default', afterCompletion: { type: 'redirect' }, retentionCoupon: 'stay_25_off_3_months' },
      subscriptionUpdate: { configuration: 'default', afterCompletion: { type: 'redirect' } },
      subscriptionUpdateConfirm: {
        configuration: 'default',
        afterCompletion: { type: 'hosted_confirmation', message: 'Your new plan is active. Thank you for staying with Test Co!' },
      },
      customerUpdate: { configuration: 'default', afterCompletion: { type: 'redirect' } },
      subscriptionPause: { configuration: 'default', afterCompletion: { type: 'redirect' } },
      manageBilling: { configuration: 'default' },
    },
  };
}

/** The test catalogue with some edits, validated as stripe:setup would load it (so invalid edits throw). */
export function buildBillingConfig(edit: (input: BillingConfigInput) => void = () => {}): BillingConfig {
  const input = testCatalogue();
  edit(input);
  return defineBillingConfig(input);
}

/** The test catalogue as it is. */
export const testBillingConfig: BillingConfig = buildBillingConfig();
