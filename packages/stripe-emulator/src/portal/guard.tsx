import { StripeApiError } from '../errors.js';
import { customerIdOf } from '../ids.js';
import { redirect, type PageRequest, type PageResponse, type PageRoute } from '../router.js';
import { page } from './layout.js';
import { ConfirmationPage } from './pages/confirmation.js';
import { ExpiredPage } from './pages/expired.js';
import { ProblemPage } from './pages/problem.js';
import { noticeMessage } from './pages/shared.js';
import { flowSubscription, loadContext, noticeQuery, saveState, type Notice, type PortalContext } from './session.js';

/**
 * Who may reach which portal page. A session in a flow reaches only that flow's pages; once the
 * flow is done it cannot be done again, and a replayed form submission is answered with where the
 * first one led. Outside a flow, a page is reachable when the configuration enables its feature
 * and the subscription is the session customer's.
 */

type SubscriptionArea = {
  readonly kind: 'cancel' | 'update' | 'confirm' | 'pause' | 'resume' | 'renew';
  readonly subscription: string;
};

export type Area = { readonly kind: 'payment_method' } | { readonly kind: 'customer' } | SubscriptionArea;

type Handler = (context: PortalContext, request: PageRequest) => PageResponse;

/** Where every page of a portal session lives. */
export const sessionPath = '/p/session/:token';

/** Runs a page handler with its session; an expired session gets the expired page (and recovery). */
export function withSession(handler: Handler) {
  return (request: PageRequest): PageResponse => {
    const result = loadContext(request);
    if (!result.ok) {
      return page(<ExpiredPage expired={result} />, 410);
    }
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
      case 'customer_update':
        return area.kind === 'customer';
      case 'payment_method_update':
        return area.kind === 'payment_method';
      case 'subscription_pause':
        return area.kind === 'pause' && area.subscription === subscription;
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
  if (area.kind === 'customer') return features.customer_update.enabled && features.customer_update.allowed_updates.length > 0;
  const subscription = context.store.subscriptions.get(area.subscription);
  if (!subscription || customerIdOf(subscription) !== context.customer.id) return false;
  switch (area.kind) {
    case 'cancel':
      return features.subscription_cancel.enabled;
    case 'pause':
      return features.subscription_pause.enabled;
    case 'resume':
    case 'renew':
      // A paused subscription can always be resumed, a scheduled cancellation undone, from the homepage.
      return true;
    default:
      return features.subscription_update.enabled;
  }
}

export function notInSession(context: PortalContext): PageResponse {
  const { t } = context.l;
  return page(<ProblemPage context={context} heading={t.notInSessionHeading} message={t.notInSessionBody} />, 403);
}

/** What a finished flow shows when its pages are opened again. */
export function afterCompletion(context: PortalContext): PageResponse | null {
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
export function guard(context: PortalContext, area: Area): PageResponse | null {
  const done = afterCompletion(context);
  if (done) return done;
  return allowed(context, area) ? null : notInSession(context);
}

/** Guards a form post: a finished flow or a submission already applied leads where it led before. */
export function guardPost(context: PortalContext, request: PageRequest, area: Area): PageResponse | null {
  if (context.flow && context.state.completed) return redirect(context.state.completed.location);
  const applied = context.state.submissions[submissionOf(request)];
  if (applied) return redirect(applied);
  return allowed(context, area) ? null : notInSession(context);
}

function submissionOf(request: PageRequest): string {
  return typeof request.form.submission === 'string' ? request.form.submission : '';
}

/** Records a completed action and sends the customer where the session says. */
export function complete(context: PortalContext, request: PageRequest, notice: Notice): PageResponse {
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

/** Records a form submission that does not finish the flow (removing a tax ID), so a replay is not applied twice. */
export function remember(context: PortalContext, request: PageRequest, location: string): PageResponse {
  const submission = submissionOf(request);
  if (submission) saveState(context.store, { ...context.state, submissions: { ...context.state.submissions, [submission]: location } });
  return redirect(location);
}

/**
 * A page about one subscription, `…/subscriptions/:subscription/<action>`: the session is loaded,
 * then the page guarded (GET) or the form post guarded against replays (POST), before `handle`.
 */
export function subscriptionRoute(
  method: PageRoute['method'],
  action: string,
  kind: SubscriptionArea['kind'],
  handle: (context: PortalContext, request: PageRequest, subscription: string) => PageResponse,
): PageRoute {
  return {
    method,
    path: `${sessionPath}/subscriptions/:subscription/${action}`,
    handler: withSession((context, request) => {
      const area = { kind, subscription: request.pathParams.subscription ?? '' };
      const blocked = method === 'GET' ? guard(context, area) : guardPost(context, request, area);
      return blocked ?? handle(context, request, area.subscription);
    }),
  };
}
