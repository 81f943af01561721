import { defineBillingConfig } from './lib/billing/config-schema';
import { site } from './site.config';

/**
 * Billing, as code. Edit this file, then run `npm run stripe:setup` to apply it to the
 * Stripe the app talks to (the local emulator, or your account when STRIPE_SECRET_KEY
 * is set) and `npm run stripe:doctor` to check for drift. Text a customer reads (a plan's
 * description and features, a confirmation message) is one string, or one per language
 * of lib/i18n/config.ts; Stripe's product description gets the English one. Objects are found again by
 * stable keys (price lookup keys, coupon ids, promotion codes, metadata), so running
 * set-up twice creates nothing new.
 */
export const billingConfig = defineBillingConfig({
  products: [
    {
      key: 'starter',
      name: 'Starter',
      description: { en: 'For individuals getting started.', fr: 'Pour les particuliers qui se lancent.' },
      features: [
        { key: 'projects', text: { en: '1 project', fr: '1 projet' } },
        { key: 'community_support', text: { en: 'Community support', fr: 'Assistance communautaire' } },
        { key: 'usage_reports', text: { en: 'Monthly usage reports', fr: 'Rapports d’utilisation mensuels' } },
      ],
      // Try it free: no card asked; a trial that ends without one pauses until the customer adds one.
      trial: { days: 14, card: 'optional', whenNoCard: 'pause' },
      prices: [
        { lookupKey: 'starter_monthly', unitAmount: 900, interval: 'month' },
        { lookupKey: 'starter_yearly', unitAmount: 9000, interval: 'year' },
      ],
    },
    {
      key: 'pro',
      name: 'Pro',
      description: { en: 'For professionals who ship every week.', fr: 'Pour les professionnels qui livrent chaque semaine.' },
      features: [
        { key: 'projects', text: { en: '10 projects', fr: '10 projets' } },
        { key: 'email_support', text: { en: 'E-mail support', fr: 'Assistance par e-mail' } },
        { key: 'daily_usage_reports', text: { en: 'Daily usage reports', fr: 'Rapports d’utilisation quotidiens' } },
        { key: 'custom_domains', text: { en: 'Custom domains', fr: 'Domaines personnalisés' } },
      ],
      highlight: true,
      prices: [
        { lookupKey: 'pro_monthly', unitAmount: 2900, interval: 'month' },
        { lookupKey: 'pro_yearly', unitAmount: 29000, interval: 'year' },
      ],
    },
    {
      // Sold per seat: "Change plan" and the seat stepper on /account set the quantity,
      // within the bounds of portalConfigurations.default.subscriptionUpdate.adjustableQuantity.
      key: 'business',
      name: 'Business',
      description: { en: 'Priced per seat, for teams that grow.', fr: 'Facturé par siège, pour les équipes qui grandissent.' },
      // Unlocks everything Pro does, plus what its own keyed features say.
      includes: 'pro',
      features: [
        { en: 'Everything in Pro, for each seat', fr: 'Tout Pro, pour chaque siège' },
        { key: 'seats', text: { en: 'Add or remove seats at any time', fr: 'Ajoutez ou retirez des sièges à tout moment' } },
        { en: 'Prorated on your next invoice', fr: 'Calculé au prorata sur votre prochaine facture' },
      ],
      prices: [
        { lookupKey: 'business_seat_monthly', unitAmount: 1900, interval: 'month' },
        { lookupKey: 'business_seat_yearly', unitAmount: 19000, interval: 'year' },
      ],
    },
    {
      key: 'team',
      name: 'Team',
      description: { en: 'For teams that share projects and billing.', fr: 'Pour les équipes qui partagent projets et facturation.' },
      features: [
        { key: 'unlimited_projects', text: { en: 'Unlimited projects', fr: 'Projets illimités' } },
        { key: 'priority_support', text: { en: 'Priority support', fr: 'Assistance prioritaire' } },
        { key: 'realtime_usage_reports', text: { en: 'Real-time usage reports', fr: 'Rapports d’utilisation en temps réel' } },
        { key: 'single_sign_on', text: { en: 'Single sign-on', fr: 'Authentification unique (SSO)' } },
      ],
      // A card up front; the first charge is at the trial's end.
      trial: { days: 14, card: 'required' },
      prices: [
        { lookupKey: 'team_monthly', unitAmount: 7900, interval: 'month' },
        { lookupKey: 'team_yearly', unitAmount: 79000, interval: 'year' },
      ],
    },
  ],

  coupons: [
    // Offered in the cancel flow, before the customer confirms.
    { id: 'stay_25_off_3_months', name: '25% off for 3 months', percentOff: 25, duration: 'repeating', durationInMonths: 3 },
    // Behind the SWITCH10 promotion code on the pricing page.
    { id: 'switch_10_off_once', name: '10% off your next invoice', percentOff: 10, duration: 'once' },
  ],

  promotionCodes: [{ code: 'SWITCH10', coupon: 'switch_10_off_once' }],

  portalConfigurations: {
    default: {
      name: `${site.name} — default`,
      headline: `${site.name} partners with Stripe for billing.`,
      privacyPolicyUrl: site.urls.privacyPolicy,
      termsOfServiceUrl: site.urls.termsOfService,
      invoiceHistory: true,
      customerUpdate: ['name', 'email', 'address', 'phone', 'tax_id'],
      paymentMethodUpdate: true,
      subscriptionCancel: {
        mode: 'at_period_end',
        // Nothing to refund: the customer keeps the plan until the period's end.
        prorationBehavior: 'none',
        reasons: ['too_expensive', 'missing_features', 'switched_service', 'unused', 'other'],
      },
      subscriptionUpdate: {
        products: ['starter', 'pro', 'business', 'team'],
        allowedUpdates: ['price', 'promotion_code'],
        prorationBehavior: 'create_prorations',
        adjustableQuantity: { business: { minimum: 1, maximum: 50 } },
        // A cheaper plan or a shorter interval waits for the end of what was paid for;
        // /account then says "Changes to … on …" and offers "Keep current plan".
        scheduleAtPeriodEnd: { conditions: ['decreasing_item_amount', 'shortening_interval'] },
        // A plan change during a trial keeps the trial running (Stripe's default ends it).
        trialUpdateBehavior: 'continue_trial',
        billingCycleAnchor: 'unchanged',
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
    subscriptionCancel: {
      configuration: 'default',
      afterCompletion: { type: 'redirect' },
      retentionCoupon: 'stay_25_off_3_months',
    },
    subscriptionUpdate: { configuration: 'default', afterCompletion: { type: 'redirect' } },
    // Stripe's own confirmation page; its "Return to …" link leads to /account/return, which syncs.
    subscriptionUpdateConfirm: {
      configuration: 'default',
      afterCompletion: {
        type: 'hosted_confirmation',
        // Worded for both outcomes: a downgrade waits for the period's end (scheduleAtPeriodEnd),
        // so "your new plan is active" would be untrue for it; /account says when it happens.
        message: {
          en: `Your plan change is confirmed. Thank you for staying with ${site.name}!`,
          fr: `Votre changement d’offre est confirmé. Merci de rester avec ${site.name}\u202f!`,
        },
      },
    },
    customerUpdate: { configuration: 'default', afterCompletion: { type: 'redirect' } },
    subscriptionPause: { configuration: 'default', afterCompletion: { type: 'redirect' } },
    manageBilling: { configuration: 'default' },
  },
});
