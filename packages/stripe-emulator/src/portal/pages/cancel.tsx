import type Stripe from 'stripe';
import { Alert, priceLabel, SubmissionToken } from '../components.js';
import type { PortalContext } from '../session.js';
import { LinkButton, periodEnd, planName, PortalFrame } from './shared.js';

// "Cancel subscription", with the reasons the configuration asks for.

export function CancelPage({
  context,
  subscription,
  failure,
}: {
  context: PortalContext;
  subscription: Stripe.Subscription;
  failure?: string;
}) {
  const { l, base, configuration } = context;
  const { t } = l;
  const cancel = configuration.features.subscription_cancel;
  const plan = planName(context, subscription);
  const reasons = cancel.cancellation_reason.enabled ? cancel.cancellation_reason.options : [];
  const item = subscription.items.data[0];
  return (
    <PortalFrame context={context} title={t.cancelHeading}>
      <h1>{t.cancelHeading}</h1>
      {failure && <Alert kind="error">{failure}</Alert>}
      <section className="card">
        <div className="plan">{plan}</div>
        {item && <div className="muted">{priceLabel(l, item.price)}</div>}
        <p>{cancel.mode === 'immediately' ? t.cancelImmediately(plan) : t.cancelAtPeriodEnd(plan, l.date(periodEnd(subscription)))}</p>
      </section>
      <form method="post" action={`${base}/subscriptions/${subscription.id}/cancel`}>
        <SubmissionToken />
        {reasons.length > 0 && (
          <fieldset>
            <legend>{t.cancellationReasonHeading}</legend>
            {reasons.map((reason) => (
              <label key={reason} className="choice">
                <input type="radio" name="reason" value={reason} />
                {t.cancellationReasons[reason] ?? reason}
              </label>
            ))}
          </fieldset>
        )}
        <button type="submit" className="danger block">
          {t.cancelSubscription}
        </button>
      </form>
      {!context.flow && (
        <div className="actions">
          <LinkButton action={base} label={t.goBack} />
        </div>
      )}
    </PortalFrame>
  );
}
