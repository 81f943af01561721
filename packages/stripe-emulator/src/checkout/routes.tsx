import type Stripe from 'stripe';
import { cardErrorMessage, cardFormValues, readCardForm } from '../portal/card-form.js';
import { localize } from '../portal/i18n/index.js';
import { page } from '../portal/layout.js';
import { checkoutAmounts, checkoutState, collectsCard, couponFor, requireCheckoutSession } from '../resources/checkout-sessions/index.js';
import { couponIsValid } from '../resources/coupons.js';
import { couponIdOf } from '../resources/promotion-codes.js';
import { redirect, type EmulatorModule, type PageRequest, type PageResponse } from '../router.js';
import type { Store } from '../store.js';
import { completeCheckoutSession, successUrlOf } from './complete.js';
import { CheckoutAuthenticationPage, CheckoutClosedPage, CheckoutPage, type CheckoutFormState } from './pages.js';
import { authenticationOutcome } from '../portal/authentication.js';
import { setupNeedsAuthentication, withCustomerAuthentication } from '../resources/payment-methods/index.js';

/**
 * The hosted Checkout page, `/c/<session id>`: a summary of what is bought, the email (when the
 * session has no customer), the card, and "Subscribe". A session can be completed once; posting
 * again to a completed session leads to its `success_url` without doing anything.
 */

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function findPromotionCode(store: Store, code: string): Stripe.PromotionCode | undefined {
  const wanted = code.toLowerCase();
  const now = store.now();
  return store.promotion_codes.find((candidate) => {
    if (!candidate.active || candidate.code.toLowerCase() !== wanted) return false;
    if (candidate.expires_at !== null && candidate.expires_at <= now) return false;
    const coupon = store.coupons.get(couponIdOf(candidate));
    return coupon !== undefined && couponIsValid(store, coupon);
  });
}

function renderOpen(
  request: PageRequest,
  session: Stripe.Checkout.Session,
  form: CheckoutFormState,
  status: number,
  promotionCode?: Stripe.PromotionCode,
): PageResponse {
  const l = localize(session.locale);
  const state = checkoutState(request.store, session.id);
  const discount = promotionCode ? { coupon: null, promotion_code: promotionCode.id } : session.discounts?.[0];
  const amounts = checkoutAmounts(
    state.line_items,
    discount ? couponFor(request.store, discount) : undefined,
    state.subscription_data.trial_period_days !== null,
  );
  return page(
    <CheckoutPage
      l={l}
      session={session}
      lineItems={state.line_items}
      trialDays={state.subscription_data.trial_period_days}
      amounts={amounts}
      collectCard={collectsCard(session)}
      trialEnd={
        state.subscription_data.trial_period_days !== null ? request.store.now() + state.subscription_data.trial_period_days * 86_400 : null
      }
      form={form}
    />,
    status,
  );
}

function closed(session: Stripe.Checkout.Session): PageResponse {
  return page(
    <CheckoutClosedPage l={localize(session.locale)} session={session} successUrl={successUrlOf(session)} />,
    session.status === 'expired' ? 410 : 200,
  );
}

function text(form: Readonly<Record<string, unknown>>, key: string): string {
  const value = form[key];
  return typeof value === 'string' ? value.trim() : '';
}

export const checkoutPagesModule: EmulatorModule = {
  name: 'checkout pages',
  pageRoutes: [
    {
      method: 'GET',
      path: '/c/:id',
      handler: (request) => {
        const session = requireCheckoutSession(request.store, request.pathParams.id ?? '');
        return session.status === 'open' ? renderOpen(request, session, {}, 200) : closed(session);
      },
    },
    {
      method: 'POST',
      path: '/c/:id',
      handler: (request) => {
        const { store, form } = request;
        const session = requireCheckoutSession(store, request.pathParams.id ?? '');
        if (session.status === 'complete') return redirect(successUrlOf(session));
        if (session.status !== 'open') return closed(session);
        const { t } = localize(session.locale);

        const fixedEmail = session.customer_details?.email ?? session.customer_email;
        const email = fixedEmail ?? text(form, 'email');
        const card = cardFormValues(form);
        const promotionCodeText = session.allow_promotion_codes ? text(form, 'promotion_code') : '';
        const state: { -readonly [K in keyof CheckoutFormState]: CheckoutFormState[K] } = {
          email,
          card,
          promotionCode: promotionCodeText,
        };
        if (!fixedEmail && !EMAIL.test(email)) state.emailError = t.emailInvalid;
        const promotionCode = promotionCodeText ? findPromotionCode(store, promotionCodeText) : undefined;
        if (promotionCodeText && !promotionCode) state.promotionCodeError = t.promotionCodeInvalid;
        const collectCard = collectsCard(session);
        const read = collectCard ? readCardForm(card, store.now(), t) : ({ ok: true, card: null, name: null } as const);
        if (!read.ok) state.cardErrors = read.errors;
        if (state.emailError || state.promotionCodeError || !read.ok) return renderOpen(request, session, state, 400, promotionCode);

        // 3-D Secure test cards ask for authentication before anything is created; failing it changes nothing.
        const outcome = authenticationOutcome(form);
        if (read.card && setupNeedsAuthentication(read.card.number)) {
          if (outcome === null) return page(<CheckoutAuthenticationPage l={localize(session.locale)} session={session} form={form} />);
          if (outcome === 'fail') return renderOpen(request, session, { ...state, failure: t.authenticationFailed }, 402, promotionCode);
        }
        const submit = () =>
          completeCheckoutSession(store, session, { email, name: read.name, card: read.card, promotionCode: promotionCode ?? null });
        try {
          const completed = outcome === 'complete' ? withCustomerAuthentication(submit) : submit();
          return redirect(successUrlOf(completed));
        } catch (error) {
          const failure = cardErrorMessage(error, t);
          if (!failure) throw error;
          if (failure.field) state.cardErrors = { [failure.field]: failure.message };
          else state.failure = failure.message;
          return renderOpen(request, session, state, 402, promotionCode);
        }
      },
    },
  ],
};
