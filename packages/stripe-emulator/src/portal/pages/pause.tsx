import type Stripe from 'stripe';
import { priceLabel, SubmissionToken } from '../components.js';
import type { PortalContext } from '../session.js';
import { LinkButton, planName, PortalFrame } from './shared.js';

// "Pause subscription": the durations the configuration offers, or a pause until resumed.

type IntervalOption = Stripe.BillingPortal.Configuration.Features.SubscriptionPause.Duration.IntervalOption;

const UNITS = ['day', 'week', 'month', 'year'] as const;

export function PausePage({
  context,
  subscription,
  durations,
}: {
  context: PortalContext;
  subscription: Stripe.Subscription;
  /** The preset durations, or null for a pause until the customer resumes. */
  durations: readonly IntervalOption[] | null;
}) {
  const { l, base } = context;
  const { t } = l;
  const plan = planName(context, subscription);
  const item = subscription.items.data[0];
  return (
    <PortalFrame context={context} title={t.pauseHeading}>
      <h1>{t.pauseHeading}</h1>
      <section className="card">
        <div className="plan">{plan}</div>
        {item && <div className="muted">{priceLabel(l, item.price)}</div>}
        <p>{t.pauseExplanation(plan)}</p>
      </section>
      <form method="post" action={`${base}/subscriptions/${subscription.id}/pause`}>
        <SubmissionToken />
        {durations ? (
          <fieldset>
            <legend>{t.pauseDurationLegend}</legend>
            {durations.map((option, index) => (
              <label key={`${option.interval}-${option.interval_count}`} className="choice">
                <input type="radio" name="duration" value={String(index)} defaultChecked={index === 0} required />
                {t.pauseFor(UNITS.find((unit) => unit === option.interval) ?? 'month', option.interval_count)}
              </label>
            ))}
          </fieldset>
        ) : (
          <p className="muted">{t.pauseUntilResumed}</p>
        )}
        <button type="submit" className="block">
          {t.pauseSubscription}
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
