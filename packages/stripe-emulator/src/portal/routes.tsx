import type Stripe from 'stripe';
import { StripeApiError, resourceMissing } from '../errors.js';
import { LOGIN_PAGES, requireConfiguration, type PortalLoginPage } from '../resources/billing-portal-configurations.js';
import { openPortalSession } from '../resources/billing-portal-sessions.js';
import { requireSubscription } from '../resources/subscriptions/index.js';
import { redirect, type EmulatorModule, type PageRequest, type PageResponse } from '../router.js';
import {
  acceptRetentionOffer,
  addCard,
  cancelFromPortal,
  checkPlanChange,
  confirmPlanChange,
  isCancelable,
  liveSubscriptions,
  previewPlanChange,
  type PlanChange,
} from './actions.js';
import { cardErrorMessage, cardFormValues, readCardForm } from './card-form.js';
import { localize } from './i18n/index.js';
import { page } from './layout.js';
import { CancelPage } from './pages/cancel.js';
import { CardPage } from './pages/card.js';
import { ChoosePlanPage } from './pages/choose-plan.js';
import { ConfirmationPage } from './pages/confirmation.js';
import { ConfirmPage } from './pages/confirm.js';
import { ExpiredPage } from './pages/expired.js';
import { HomePage } from './pages/home.js';
import { LoginPage } from './pages/login.js';
import { ProblemPage } from './pages/problem.js';
import { RetentionPage } from './pages/retention.js';
import { noticeMessage } from './pages/shared.js';
import { flowSubscription, loadContext, noticeFromQuery, noticeQuery, saveState, type Notice, type PortalContext } from './session.js';
import { customerIdOf, idOf } from '../ids.js';

/**
 * The hosted customer portal: `/p/session/<secret>` and the pages under it, and the login page of
 * configurations with `login_page.enabled`. A session in a flow reaches only that flow's pages;
 * once the flow is done it cannot be done again, and a replayed form submission is answered with
 * where the first one led.
 */

type Area =
  | { readonly kind: 'payment_method' }
  | { readonly kind: 'cancel' | 'update' | 'confirm'; readonly subscription: string };

type Handler = (context: PortalContext, request: PageRequest) => PageResponse;

function withSession(handler: Handler) {
  return (request: PageRequest): PageResponse => {
    const result = loadContext(request);
    if (!result.ok) return page(<ExpiredPage l={result.l} back={result.back} businessName={result.businessName} />, 410);
    const context = result.context;
    try {
      return handler(context, request);
    } catch (error) {
      if (!(error instanceof StripeApiError) || error.status >= 500) throw error;
      return page(<ProblemPage context={context} heading={context.l.t.actionFailedHeading} message={error.message} />, error.status);
    }
  };
}

function allowed(context: PortalContext, area: Area): boolean {
  const { flow } = context;
  if (flow) {
    const subscription = flowSubscription(flow);
    switch (flow.type) {
      case 'payment_method_update':
        return area.kind === 'payment_method';
      case 'subscription_cancel':
        return area.kind === 'cancel' && area.subscription === subscription;
      case 'subscription_update':
        return (area.kind === 'update' || area.kind === 'confirm') && area.subscription === subscription;
      case 'subscription_update_confirm':
        return area.kind === 'confirm' && area.subscription === subscription;
      default:
        return false;
    }
  }
  const features = context.configuration.features;
  if (area.kind === 'payment_method') return features.payment_method_update.enabled;
  const subscription = context.store.subscriptions.get(area.subscription);
  if (!subscription || customerIdOf(subscription) !== context.customer.id) return false;
  return area.kind === 'cancel' ? features.subscription_cancel.enabled : features.subscription_update.enabled;
}

function notInSession(context: PortalContext): PageResponse {
  const { t } = context.l;
  return page(<ProblemPage context={context} heading={t.notInSessionHeading} message={t.notInSessionBody} />, 403);
}

/** What a finished flow shows when its pages are opened again. */
function afterCompletion(context: PortalContext): PageResponse | null {
  const completed = context.state.completed;
  if (!context.flow || !completed) return null;
  const completion = context.flow.after_completion;
  if (completion.type === 'hosted_confirmation') {
    const message =
      completion.hosted_confirmation?.custom_message ??
      (completed.notice ? noticeMessage(context, completed.notice) : context.l.t.doneHeading);
    return page(<ConfirmationPage context={context} message={message} />);
  }
  return redirect(completed.location);
}

/** Guards a page: finished flows answer with their outcome, other pages of a flow are out of reach. */
function guard(context: PortalContext, area: Area): PageResponse | null {
  const done = afterCompletion(context);
  if (done) return done;
  return allowed(context, area) ? null : notInSession(context);
}

/** Guards a form post: a finished flow or a submission already applied leads where it led before. */
function guardPost(context: PortalContext, request: PageRequest, area: Area): PageResponse | null {
  if (context.flow && context.state.completed) return redirect(context.state.completed.location);
  const applied = context.state.submissions[submissionOf(request)];
  if (applied) return redirect(applied);
  return allowed(context, area) ? null : notInSession(context);
}

function submissionOf(request: PageRequest): string {
  return typeof request.form.submission === 'string' ? request.form.submission : '';
}

/** Records a completed action and sends the customer where the session says. */
function complete(context: PortalContext, request: PageRequest, notice: Notice): PageResponse {
  const { flow, base, state, store } = context;
  const completion = flow?.after_completion;
  const location =
    completion?.type === 'redirect' && completion.redirect
      ? completion.redirect.return_url
      : completion?.type === 'hosted_confirmation'
        ? base
        : `${base}?${noticeQuery(notice)}`;
  const submission = submissionOf(request);
  saveState(store, {
    ...state,
    completed: flow ? { at: store.now(), location, notice } : state.completed,
    submissions: submission ? { ...state.submissions, [submission]: location } : state.submissions,
  });
  return redirect(location);
}

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
    throw new StripeApiError(400, 'invalid_request_error', `The subscription ${subscription.id} has more than one item and cannot be updated in the portal.`);
  }
  const price = typeof input.price === 'string' ? input.price : '';
  if (!price) throw resourceMissing('price', '', 'price');
  return { subscription: subscription.id, item: current.id, price, quantity: current.quantity ?? 1, discounts: [] };
}

function discountNames(context: PortalContext, change: PlanChange): string[] {
  return change.discounts.map((discount) => {
    if ('coupon' in discount) return context.store.coupons.get(discount.coupon)?.name ?? discount.coupon;
    return context.store.promotion_codes.get(discount.promotion_code)?.code ?? discount.promotion_code;
  });
}

function renderConfirm(context: PortalContext, subscriptionId: string, input: Readonly<Record<string, unknown>>, failure?: string): PageResponse {
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
      return page(<ChoosePlanPage context={context} subscription={requireSubscription(context.store, subscription ?? '', 'subscription')} />);
    case 'subscription_update_confirm':
      return renderConfirm(context, subscription ?? '', {});
    default:
      return renderHome(context, null);
  }
}

// Routes ------------------------------------------------------------------------------------

const sessionPath = '/p/session/:token';

function subscriptionParam(request: PageRequest): string {
  return request.pathParams.subscription ?? '';
}

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
        try {
          addCard(context.store, context.customer.id, result.card, result.name);
        } catch (error) {
          const failure = cardErrorMessage(error, context.l.t);
          if (!failure) throw error;
          const errors = failure.field ? { [failure.field]: failure.message } : undefined;
          return page(
            <CardPage context={context} values={values} {...(errors ? { errors } : { failure: failure.message })} />,
            402,
          );
        }
        return complete(context, request, { kind: 'payment_method_updated', subscription: null });
      }),
    },
    {
      method: 'GET',
      path: `${sessionPath}/subscriptions/:subscription/cancel`,
      handler: withSession((context, request) => {
        const subscription = subscriptionParam(request);
        return guard(context, { kind: 'cancel', subscription }) ?? renderCancel(context, subscription, request.query.offer === 'declined');
      }),
    },
    {
      method: 'POST',
      path: `${sessionPath}/subscriptions/:subscription/cancel`,
      handler: withSession((context, request) => {
        const subscription = subscriptionParam(request);
        const blocked = guardPost(context, request, { kind: 'cancel', subscription });
        if (blocked) return blocked;
        const reasons = context.configuration.features.subscription_cancel.cancellation_reason;
        const reason = request.form.reason;
        const feedback =
          reasons.enabled && typeof reason === 'string' && reasons.options.includes(reason)
            ? (reason as Parameters<typeof cancelFromPortal>[3])
            : null;
        cancelFromPortal(context.store, context.configuration, subscription, feedback);
        return complete(context, request, { kind: 'subscription_canceled', subscription });
      }),
    },
    {
      method: 'POST',
      path: `${sessionPath}/subscriptions/:subscription/retention`,
      handler: withSession((context, request) => {
        const subscription = subscriptionParam(request);
        const blocked = guardPost(context, request, { kind: 'cancel', subscription });
        if (blocked) return blocked;
        const coupon = context.flow?.subscription_cancel?.retention?.coupon_offer?.coupon;
        if (!coupon) return notInSession(context);
        acceptRetentionOffer(context.store, subscription, coupon);
        return complete(context, request, { kind: 'offer_accepted', subscription });
      }),
    },
    {
      method: 'GET',
      path: `${sessionPath}/subscriptions/:subscription/update`,
      handler: withSession((context, request) => {
        const subscription = subscriptionParam(request);
        return (
          guard(context, { kind: 'update', subscription }) ??
          page(<ChoosePlanPage context={context} subscription={requireSubscription(context.store, subscription, 'subscription')} />)
        );
      }),
    },
    {
      method: 'GET',
      path: `${sessionPath}/subscriptions/:subscription/update/confirm`,
      handler: withSession((context, request) => {
        const subscription = subscriptionParam(request);
        return guard(context, { kind: 'confirm', subscription }) ?? renderConfirm(context, subscription, request.query);
      }),
    },
    {
      method: 'POST',
      path: `${sessionPath}/subscriptions/:subscription/update/confirm`,
      handler: withSession((context, request) => {
        const subscriptionId = subscriptionParam(request);
        const blocked = guardPost(context, request, { kind: 'confirm', subscription: subscriptionId });
        if (blocked) return blocked;
        const subscription = requireSubscription(context.store, subscriptionId, 'subscription');
        const change = planChangeFor(context, subscription, request.form);
        try {
          confirmPlanChange(context.store, context.configuration, change);
        } catch (error) {
          const failure = cardErrorMessage(error, context.l.t);
          if (!failure) throw error;
          return renderConfirm(context, subscriptionId, request.form, failure.message);
        }
        return complete(context, request, { kind: 'subscription_updated', subscription: subscriptionId });
      }),
    },
    {
      method: 'GET',
      path: '/p/login/:token',
      handler: (request) => {
        const { configuration } = loginPageOf(request);
        return page(<LoginPage l={localize(null)} businessName={configuration.business_profile.headline ?? localize(null).t.portalTitle} />);
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
