import { requireCustomer } from '../resources/customers.js';
import { openPortalSession } from '../resources/billing-portal-sessions/index.js';
import { pauseRefusal, requireSubscription } from '../resources/subscriptions/index.js';
import { taxIdsOf } from '../resources/tax-ids.js';
import { redirect, type PageRequest, type PageResponse, type PageRoute } from '../router.js';
import {
  keepCurrentPlan,
  pauseDurations,
  pauseFromPortal,
  removeTaxId,
  renewFromPortal,
  resumeFromPortal,
  updateBillingDetails,
} from './actions.js';
import { billingFormValues, readBillingForm, valuesOf, type BillingField, type BillingFormValues } from './billing-form.js';
import { complete, guard, guardPost, remember, sessionPath, subscriptionRoute, withSession } from './guard.js';
import { page } from './layout.js';
import { BillingDetailsPage } from './pages/billing-details.js';
import { ExpiredPage } from './pages/expired.js';
import { PausePage } from './pages/pause.js';
import { ProblemPage } from './pages/problem.js';
import { loadContext, type PortalContext } from './session.js';

/**
 * The portal pages about the customer's account rather than a plan: billing information
 * (`customer_update`), pausing and resuming (`subscription_pause`), keeping the current plan
 * instead of a scheduled change, renewing a subscription set to cancel, and the recovery of an expired
 * session created with `after_expiration`.
 */

export function renderBillingDetails(
  context: PortalContext,
  values: BillingFormValues = valuesOf(context.customer),
  errors?: Partial<Record<BillingField, string>>,
): PageResponse {
  return page(
    <BillingDetailsPage
      context={context}
      values={values}
      taxIds={taxIdsOf(context.store, context.customer.id)}
      {...(errors && { errors })}
    />,
    errors ? 400 : 200,
  );
}

export function renderPause(context: PortalContext, subscriptionId: string): PageResponse {
  const subscription = requireSubscription(context.store, subscriptionId, 'subscription');
  const refusal = pauseRefusal(subscription);
  if (refusal) return page(<ProblemPage context={context} heading={context.l.t.actionFailedHeading} message={refusal} />, 400);
  return page(<PausePage context={context} subscription={subscription} durations={pauseDurations(context.configuration)} />);
}

/** `POST …/recover`: the customer confirms the account's e-mail address and gets a new session. */
function recover(request: PageRequest): PageResponse {
  const result = loadContext(request);
  if (result.ok) return redirect(result.context.base);
  const { l, session } = result;
  if (!result.recoverAction) return page(<ExpiredPage expired={result} />, 410);
  const email = typeof request.form.email === 'string' ? request.form.email.trim() : '';
  const customer = requireCustomer(request.store, session.customer, 'customer');
  if (!customer.email || customer.email.toLowerCase() !== email.toLowerCase()) {
    return page(<ExpiredPage expired={result} email={email} error={l.t.recoverWrongEmail} />, 400);
  }
  // Stripe e-mails a link to a replacement session with the same configuration; the emulator has
  // no mailbox, so it opens that session at once. The replacement starts on the homepage.
  const replacement = openPortalSession(request.store, request.config, {
    customer: customer.id,
    configuration: String(session.configuration),
    returnUrl: session.return_url,
    locale: session.locale,
    flow: null,
    afterExpiration: session.after_expiration ?? null,
  });
  return redirect(replacement.url);
}

export const accountRoutes: readonly PageRoute[] = [
  {
    method: 'GET',
    path: `${sessionPath}/customer`,
    handler: withSession((context) => guard(context, { kind: 'customer' }) ?? renderBillingDetails(context)),
  },
  {
    method: 'POST',
    path: `${sessionPath}/customer`,
    handler: withSession((context, request) => {
      const blocked = guardPost(context, request, { kind: 'customer' });
      if (blocked) return blocked;
      const values = billingFormValues(request.form);
      const result = readBillingForm(values, context.configuration.features.customer_update.allowed_updates, context.l.t);
      if (!result.ok) return renderBillingDetails(context, values, result.errors);
      updateBillingDetails(context.store, context.customer.id, result.update);
      return complete(context, request, { kind: 'customer_updated', subscription: null });
    }),
  },
  {
    method: 'POST',
    path: `${sessionPath}/customer/tax-ids/:taxId/delete`,
    handler: withSession((context, request) => {
      const blocked = guardPost(context, request, { kind: 'customer' });
      if (blocked) return blocked;
      removeTaxId(context.store, context.customer.id, request.pathParams.taxId ?? '');
      return remember(context, request, `${context.base}/customer`);
    }),
  },
  subscriptionRoute('GET', 'pause', 'pause', (context, request, subscription) => renderPause(context, subscription)),
  subscriptionRoute('POST', 'pause', 'pause', (context, request, subscription) => {
    const duration =
      typeof request.form.duration === 'string' && /^\d{1,2}$/.test(request.form.duration) ? Number(request.form.duration) : null;
    pauseFromPortal(context.store, context.configuration, subscription, duration);
    return complete(context, request, { kind: 'subscription_paused', subscription });
  }),
  subscriptionRoute('POST', 'resume', 'resume', (context, request, subscription) => {
    const resumed = resumeFromPortal(context.store, subscription);
    if (resumed.status === 'paused') {
      // The resumption invoice could not be paid: it stays paused, as Stripe's recommended
      // `resume_on_payment_success` leaves it.
      const { t } = context.l;
      return page(<ProblemPage context={context} heading={t.actionFailedHeading} message={t.cardFailures.generic_decline} />, 402);
    }
    return complete(context, request, { kind: 'subscription_resumed', subscription });
  }),
  subscriptionRoute('POST', 'keep-plan', 'update', (context, request, subscription) => {
    keepCurrentPlan(context.store, subscription);
    return complete(context, request, { kind: 'plan_kept', subscription });
  }),
  subscriptionRoute('POST', 'renew', 'renew', (context, request, subscription) => {
    renewFromPortal(context.store, subscription);
    return complete(context, request, { kind: 'subscription_renewed', subscription });
  }),
  {
    method: 'POST',
    path: `${sessionPath}/recover`,
    handler: recover,
  },
];
