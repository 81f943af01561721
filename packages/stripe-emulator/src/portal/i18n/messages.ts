import type { CardFailure } from '../../errors.js';

/**
 * Every string the hosted portal and Checkout pages show. One dictionary per locale implements it
 * (`en.ts`, `fr.ts`); amounts and dates are formatted with `Intl` by the caller and passed in.
 */
export interface Messages {
  readonly htmlLang: string;
  readonly portalTitle: string;
  readonly checkoutTitle: string;
  readonly testMode: string;
  readonly emulatorNotice: string;
  readonly returnTo: (name: string) => string;
  readonly goBack: string;
  readonly back: string;
  readonly continue: string;
  readonly confirm: string;
  readonly privacyPolicy: string;
  readonly termsOfService: string;

  readonly interval: (interval: 'day' | 'week' | 'month' | 'year', count: number) => string;
  readonly pricePer: (amount: string, period: string) => string;
  readonly quantity: string;
  readonly quantityTimes: (quantity: number) => string;

  // Portal homepage
  readonly subscriptionsHeading: string;
  readonly noSubscriptions: string;
  readonly subscriptionStatus: Readonly<Record<string, string>>;
  readonly renewsOn: (date: string) => string;
  readonly cancelsOn: (date: string) => string;
  readonly canceledOn: (date: string) => string;
  readonly trialEndsOn: (date: string) => string;
  readonly updateSubscription: string;
  readonly cancelSubscription: string;
  readonly paymentMethodHeading: string;
  readonly noPaymentMethod: string;
  readonly cardExpires: (expiry: string) => string;
  readonly updateCard: string;
  readonly invoiceHistoryHeading: string;
  readonly noInvoices: string;
  readonly invoiceStatus: Readonly<Record<string, string>>;
  readonly pauseSubscription: string;
  readonly resumeSubscription: string;
  readonly pausedUntil: (date: string) => string;
  readonly pausedIndefinitely: string;
  readonly billingInfoHeading: string;
  readonly noBillingInfo: string;
  readonly updateInformation: string;

  // Billing information (customer_update)
  readonly fullName: string;
  readonly phone: string;
  readonly addressHeading: string;
  readonly addressLine1: string;
  readonly addressLine2: string;
  readonly city: string;
  readonly postalCode: string;
  readonly state: string;
  readonly country: string;
  readonly chooseCountry: string;
  readonly taxIdsHeading: string;
  readonly taxIdType: string;
  readonly taxIdValue: string;
  readonly taxIdOptional: string;
  readonly taxIdTypes: Readonly<Record<string, string>>;
  readonly removeTaxId: (value: string) => string;
  readonly save: string;
  readonly nameTooLong: string;
  readonly emailRequired: string;
  readonly phoneInvalid: string;
  readonly addressLine1Required: string;
  readonly countryRequired: string;
  readonly taxIdInvalid: (type: string) => string;

  // Pause and seats
  readonly pauseHeading: string;
  readonly pauseExplanation: (plan: string) => string;
  readonly pauseDurationLegend: string;
  readonly pauseFor: (interval: 'day' | 'week' | 'month' | 'year', count: number) => string;
  readonly pauseUntilResumed: string;
  readonly quantityRange: (minimum: number, maximum: number | null) => string;

  // Card form
  readonly addPaymentMethodHeading: string;
  readonly cardNumber: string;
  readonly expiry: string;
  readonly expiryPlaceholder: string;
  readonly cvc: string;
  readonly nameOnCard: string;
  readonly addCard: string;
  readonly testCardsHint: string;
  readonly cardNumberIncomplete: string;
  readonly cardNumberInvalid: string;
  readonly expiryIncomplete: string;
  readonly expiryInPast: string;
  readonly cvcIncomplete: string;
  readonly cardFailures: Readonly<Record<CardFailure, string>>;

  // Cancel and retention
  readonly cancelHeading: string;
  readonly cancelAtPeriodEnd: (plan: string, date: string) => string;
  readonly cancelImmediately: (plan: string) => string;
  readonly cancellationReasonHeading: string;
  readonly cancellationReasons: Readonly<Record<string, string>>;
  readonly retentionHeading: string;
  readonly retentionOffer: (discount: string) => string;
  readonly percentOff: (percent: string) => string;
  readonly amountOff: (amount: string) => string;
  readonly couponDuration: (duration: 'once' | 'repeating' | 'forever', months: number | null) => string;
  readonly acceptOffer: string;
  readonly noThanks: string;

  // Plan change
  readonly updateHeading: string;
  readonly currentPlan: string;
  readonly newPlan: string;
  readonly choosePlan: string;
  readonly noOtherPlans: string;
  readonly confirmHeading: string;
  readonly amountDueToday: string;
  readonly nextInvoice: (date: string) => string;
  readonly subtotal: string;
  readonly discount: string;
  readonly total: string;
  readonly noProrations: (date: string) => string;
  readonly discountApplied: (name: string) => string;
  readonly unusedTime: (plan: string) => string;
  readonly remainingTime: (plan: string) => string;

  // Completion
  readonly doneHeading: string;
  readonly paymentMethodUpdated: string;
  readonly subscriptionCanceled: string;
  readonly subscriptionCancelsOn: (date: string) => string;
  readonly subscriptionUpdated: string;
  readonly offerAccepted: string;
  readonly customerUpdated: string;
  readonly subscriptionPaused: string;
  readonly subscriptionPausedUntil: (date: string) => string;
  readonly subscriptionResumed: string;

  // Session problems
  readonly expiredHeading: string;
  readonly expiredBody: string;
  readonly notInSessionHeading: string;
  readonly notInSessionBody: string;
  readonly actionFailedHeading: string;
  readonly loginHeading: string;
  readonly loginBody: string;
  readonly loginUnknownEmail: string;
  readonly recoverBody: string;
  readonly recoverButton: string;
  readonly recoverWrongEmail: string;

  // Checkout
  readonly subscribeTo: (product: string) => string;
  readonly trialDays: (days: number) => string;
  readonly thenPrice: (price: string) => string;
  readonly email: string;
  readonly emailInvalid: string;
  readonly paymentDetails: string;
  readonly promotionCode: string;
  readonly promotionCodeInvalid: string;
  readonly subscribe: string;
  readonly checkoutExpiredHeading: string;
  readonly checkoutExpiredBody: string;
  readonly checkoutCompleteHeading: string;
  readonly checkoutCompleteBody: string;
  readonly noCardNeeded: (date: string) => string;

  // Scheduled changes, renewals and 3-D Secure
  readonly changesOn: (plan: string, date: string) => string;
  readonly keepCurrentPlan: string;
  readonly updateScheduled: (plan: string, date: string) => string;
  readonly planKept: string;
  readonly scheduledChangeNote: (date: string) => string;
  readonly renewSubscription: string;
  readonly subscriptionRenewed: string;
  readonly newCardHeading: string;
  readonly newCardHint: string;
  readonly authenticationHeading: string;
  readonly authenticationBody: string;
  readonly completeAuthentication: string;
  readonly failAuthentication: string;
  readonly authenticationFailed: string;
}
