import type Stripe from 'stripe';
import { StripeApiError, resourceMissing } from '../errors.js';
import { idOf } from '../ids.js';
import { LOGIN_PAGES, requireConfiguration, type PortalLoginPage } from '../resources/billing-portal-configurations/index.js';
import { openPortalSession } from '../resources/billing-portal-sessions/index.js';
import { requireSubscription } from '../resources/subscriptions/index.js';
import { taxIdsOf } from '../resources/tax-ids.js';
import { redirect, type EmulatorModule, type PageRequest, type PageResponse } from '../router.js';
import {
  acceptRetentionOffer,
  addCard,
  cancelFromPortal,
  checkPlanChange,
  confirmPlanChange,
  isCancelable,
  liveSubscriptions,
  pendingChange,
  previewPlanChange,
  scheduledFor,
  type PlanChange,
} from './actions.js';
import { authenticationOutcome } from './authentication.js';
import { newCardOf, paymentNeedsAuthenticationFor } from './confirm-payment.js';
import { PortalAuthenticationPage } from './pages/authenticate.js';
import { setupNeedsAuthentication, withCustomerAuthentication } from '../resources/payment-methods/index.js';
import { cardErrorMessage, cardFormValues, readCardForm } from './card-form.js';
import { localize } from './i18n/index.js';
import { page } from './layout.js';
import { CancelPage } from './pages/cancel.js';
import { CardPage } from './pages/card.js';
import { ChoosePlanPage } from './pages/choose-plan.js';
import { ConfirmPage } from './pages/confirm.js';
import { HomePage } from './pages/home.js';
import { LoginPage } from './pages/login.js';
import { ProblemPage } from './pages/problem.js';
import { RetentionPage } from './pages/retention.js';
import { accountRoutes, renderBillingDetails, renderPause } from './account-routes.js';
import { afterCompletion, complete, guard, guardPost, notInSession, sessionPath, subscriptionRoute, withSession } from './guard.js';
import { flowSubscription, noticeFromQuery, type Notice, type PortalContext } from './session.js';

/**
 * The hosted customer portal: `/p/session/<secret>` and the pages under it, and the login page of
 * configurations with `login_page.enabled`. Who may reach which page is `guard.tsx`'s business;
 * the billing-information, pause and recovery pages are routed in `account-routes.tsx`.
 */

// Pages -------------------------------------------------------------------------------------

function renderHome(context: PortalContext, notice: Notice | null): PageResponse {
  const { store, customer } = context;
  const defaultPaymentMethod = customer.invoice_settings.default_payment_method;
  const paymentMethodId = idOf(defaultPaymentMethod);
  const invoices = store.invoices
    .filter((invoice) => invoice.customer === customer.id && invoice.status !== 'draft')
    .sort((a, b) => b.created - a.created)
    .slice(0, 10);
  return page(
    <HomePage
      context={context}
      subscriptions={liveSubscriptions(store, customer.id)}
      paymentMethod={paymentMethodId ? (store.payment_methods.get(paymentMethodId) ?? null) : null}
      invoices={invoices}
      taxIds={taxIdsOf(store, customer.id)}
      notice={notice}
    />,
  );
}

function renderCancel(context: PortalContext, subscriptionId: string, offerDeclined: boolean): PageResponse {
  const subscription = requireSubscription(context.store, subscriptionId, 'subscription');
  if (!isCancelable(subscription)) {
    return page(
      <ProblemPage
        context={context}
        heading={context.l.t.actionFailedHeading}
        message={`The subscription ${subscription.id} is already set to be canceled at period end.`}
      />,
      400,
    );
  }
  const retention = context.flow?.subscription_cancel?.retention;
  if (retention?.coupon_offer && !offerDeclined) {
    const coupon = context.store.coupons.get(retention.coupon_offer.coupon);
    if (coupon) return page(<RetentionPage context={context} subscription={subscription} coupon={coupon} />);
  }
  return page(<CancelPage context={context} subscription={subscription} />);
}

/** The plan change a confirm page is about: the flow's, or the price chosen on the plan page. */
function planChangeFor(context: PortalContext, subscription: Stripe.Subscription, input: Readonly<Record<string, unknown>>): PlanChange {
  const confirm = context.flow?.type === 'subscription_update_confirm' ? context.flow.subscription_update_confirm : null;
  if (confirm) {
    const item = confirm.items[0];
    const current = subscription.items.data.find((entry) => entry.id === item?.id);
    return {
      subscription: subscription.id,
      item: item?.id ?? '',
      price: item?.price ?? current?.price.id ?? '',
      quantity: item?.quantity ?? current?.quantity ?? 1,
      discounts: (confirm.discounts ?? []).flatMap((discount): PlanChange['discounts'] =>
        discount.coupon ? [{ coupon: discount.coupon }] : discount.promotion_code ? [{ promotion_code: discount.promotion_code }] : [],
      ),
    };
  }
  const [current, ...others] = subscription.items.data;
  if (!current || others.length > 0) {
    throw new StripeApiError(
      400,
      'invalid_request_error',
      `The subscription ${subscription.id} has more than one item and cannot be updated in the portal.`,
    );
  }
  const price = typeof input.price === 'string' ? input.price : '';
  if (!price) throw resourceMissing('price', '', 'price');
  // The quantity field is there when the plan's quantity is adjustable (seats); its bounds are
  // checked with the rest of the change.
  const quantity =
    typeof input.quantity === 'string' && /^\d{1,6}$/.test(input.quantity) ? Number(input.quantity) : (current.quantity ?? 1);
  return { subscription: subscription.id, item: current.id, price, quantity, discounts: [] };
}

function discountNames(context: PortalContext, change: PlanChange): string[] {
  return change.discounts.map((discount) => {
    if ('coupon' in discount) return context.store.coupons.get(discount.coupon)?.name ?? discount.coupon;
    return context.store.promotion_codes.get(discount.promotion_code)?.code ?? discount.promotion_code;
  });
}

function renderConfirm(
  context: PortalContext,
  subscriptionId: string,
  input: Readonly<Record<string, unknown>>,
  failure?: string,
): PageResponse {
  const { store, configuration } = context;
  const subscription = requireSubscription(store, subscriptionId, 'subscription');
  const change = planChangeFor(context, subscription, input);
  checkPlanChange(store, configuration, change);
  const price = store.prices.get(change.price);
  if (!price) throw resourceMissing('price', change.price, 'price');
  return page(
    <ConfirmPage
      context={context}
      subscription={subscription}
      price={price}
      quantity={change.quantity}
      preview={previewPlanChange(store, configuration, change)}
      scheduledFor={scheduledFor(store, configuration, change)}
      discountNames={discountNames(context, change)}
      {...(failure !== undefined && { failure })}
    />,
    failure ? 402 : 200,
  );
}

function renderFlowStart(context: PortalContext, request: PageRequest): PageResponse {
  const flow = context.flow;
  const subscription = flow ? flowSubscription(flow) : null;
  switch (flow?.type) {
    case 'payment_method_update':
      return page(<CardPage context={context} />);
    case 'subscription_cancel':
      return renderCancel(context, subscription ?? '', request.query.offer === 'declined');
    case 'subscription_update':
      return page(
        <ChoosePlanPage context={context} subscription={requireSubscription(context.store, subscription ?? '', 'subscription')} />,
      );
    case 'subscription_update_confirm':
      return renderConfirm(context, subscription ?? '', {});
    case 'customer_update':
      return renderBillingDetails(context);
    case 'subscription_pause':
      return renderPause(context, subscription ?? '');
    default:
      return renderHome(context, null);
  }
}

// Routes ------------------------------------------------------------------------------------

export const portalPagesModule: EmulatorModule = {
  name: 'portal pages',
  pageRoutes: [
    {
      method: 'GET',
      path: sessionPath,
      handler: withSession((context, request) => {
        const done = afterCompletion(context);
        if (done) return done;
        if (context.flow) return renderFlowStart(context, request);
        return renderHome(context, noticeFromQuery(request.query));
      }),
    },
    {
      method: 'GET',
      path: `${sessionPath}/payment-method`,
      handler: withSession((context) => guard(context, { kind: 'payment_method' }) ?? page(<CardPage context={context} />)),
    },
    {
      method: 'POST',
      path: `${sessionPath}/payment-method`,
      handler: withSession((context, request) => {
        const blocked = guardPost(context, request, { kind: 'payment_method' });
        if (blocked) return blocked;
        const values = cardFormValues(request.form);
        const result = readCardForm(values, context.store.now(), context.l.t);
        if (!result.ok) return page(<CardPage context={context} values={values} errors={result.errors} />, 400);
        const outcome = authenticationOutcome(request.form);
        if (setupNeedsAuthentication(result.card.number)) {
          if (outcome === null)
            return page(<PortalAuthenticationPage context={context} action={`${context.base}/payment-method`} form={request.form} />);
          if (outcome === 'fail')
            return page(<CardPage context={context} values={values} failure={context.l.t.authenticationFailed} />, 402);
        }
        try {
          addCard(context.store, context.customer.id, result.card, result.name);
        } catch (error) {
          const failure = cardErrorMessage(error, context.l.t);
          if (!failure) throw error;
          const errors = failure.field ? { [failure.field]: failure.message } : undefined;
          return page(<CardPage context={context} values={values} {...(errors ? { errors } : { failure: failure.message })} />, 402);
        }
        return complete(context, request, { kind: 'payment_method_updated', subscription: null });
      }),
    },
    subscriptionRoute('GET', 'cancel', 'cancel', (context, request, subscription) =>
      renderCancel(context, subscription, request.query.offer === 'declined'),
    ),
    subscriptionRoute('POST', 'cancel', 'cancel', (context, request, subscription) => {
      const reasons = context.configuration.features.subscription_cancel.cancellation_reason;
      const reason = request.form.reason;
      const feedback =
        reasons.enabled && typeof reason === 'string' && reasons.options.includes(reason)
          ? (reason as Parameters<typeof cancelFromPortal>[3])
          : null;
      cancelFromPortal(context.store, context.configuration, subscription, feedback);
      return complete(context, request, { kind: 'subscription_canceled', subscription });
    }),
    subscriptionRoute('POST', 'retention', 'cancel', (context, request, subscription) => {
      const coupon = context.flow?.subscription_cancel?.retention?.coupon_offer?.coupon;
      if (!coupon) return notInSession(context);
      acceptRetentionOffer(context.store, subscription, coupon);
      return complete(context, request, { kind: 'offer_accepted', subscription });
    }),
    subscriptionRoute('GET', 'update', 'update', (context, request, subscription) =>
      page(<ChoosePlanPage context={context} subscription={requireSubscription(context.store, subscription, 'subscription')} />),
    ),
    subscriptionRoute('GET', 'update/confirm', 'confirm', (context, request, subscription) =>
      renderConfirm(context, subscription, request.query),
    ),
    subscriptionRoute('POST', 'update/confirm', 'confirm', (context, request, subscriptionId) => {
      const { store, configuration, l } = context;
      const subscription = requireSubscription(store, subscriptionId, 'subscription');
      const change = planChangeFor(context, subscription, request.form);
      const card = newCardOf(request.form, store.now(), l.t);
      if (card && !card.ok) return renderConfirm(context, subscriptionId, request.form, Object.values(card.errors)[0]);
      const newCard = card?.ok ? { card: card.card, name: card.name } : null;
      // 3-D Secure: a new authentication test card, or a card on file that asks every time when the change charges now.
      const outcome = authenticationOutcome(request.form);
      if (paymentNeedsAuthenticationFor(context, change, newCard?.card.number ?? null)) {
        if (outcome === null)
          return page(
            <PortalAuthenticationPage
              context={context}
              action={`${context.base}/subscriptions/${subscriptionId}/update/confirm`}
              form={request.form}
            />,
          );
        if (outcome === 'fail') return renderConfirm(context, subscriptionId, request.form, l.t.authenticationFailed);
      }
      let updated: Stripe.Subscription;
      try {
        const confirm = () => confirmPlanChange(store, configuration, change, newCard);
        updated = outcome === 'complete' ? withCustomerAuthentication(confirm) : confirm();
      } catch (error) {
        const failure = cardErrorMessage(error, l.t);
        if (!failure) throw error;
        return renderConfirm(context, subscriptionId, request.form, failure.message);
      }
      const scheduled = pendingChange(store, updated.id) !== null;
      return complete(context, request, { kind: scheduled ? 'update_scheduled' : 'subscription_updated', subscription: subscriptionId });
    }),
    ...accountRoutes,
    {
      method: 'GET',
      path: '/p/login/:token',
      handler: (request) => {
        const { configuration } = loginPageOf(request);
        return page(
          <LoginPage l={localize(null)} businessName={configuration.business_profile.headline ?? localize(null).t.portalTitle} />,
        );
      },
    },
    {
      method: 'POST',
      path: '/p/login/:token',
      handler: (request) => {
        const { configuration } = loginPageOf(request);
        const l = localize(null);
        const email = typeof request.form.email === 'string' ? request.form.email.trim() : '';
        const customer = request.store.customers
          .filter((candidate) => candidate.email !== null && candidate.email.toLowerCase() === email.toLowerCase())
          .at(-1);
        const businessName = configuration.business_profile.headline ?? l.t.portalTitle;
        if (!customer) {
          return page(<LoginPage l={l} businessName={businessName} email={email} error={l.t.loginUnknownEmail} />, 404);
        }
        // Stripe e-mails a sign-in link; the emulator has no mailbox, so it signs the customer in.
        const session = openPortalSession(request.store, request.config, {
          customer: customer.id,
          configuration: configuration.id,
          returnUrl: configuration.default_return_url,
          locale: null,
          flow: null,
        });
        return redirect(session.url);
      },
    },
  ],
};

function loginPageOf(request: PageRequest): { configuration: Stripe.BillingPortal.Configuration } {
  const token = request.pathParams.token ?? '';
  const login = request.store.extra<PortalLoginPage>(LOGIN_PAGES).get(token);
  if (!login) throw resourceMissing('login page', token, 'login_page');
  const configuration = requireConfiguration(request.store, login.configuration);
  if (!configuration.active || !configuration.login_page.enabled) throw resourceMissing('login page', token, 'login_page');
  return { configuration };
}
