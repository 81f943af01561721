import type Stripe from 'stripe';
import { SubmissionToken } from '../components.js';
import type { PortalContext } from '../session.js';
import { discountText, LinkButton, planName, PortalFrame } from './shared.js';

// The retention offer of a subscription_cancel flow, before the cancel page.

export function RetentionPage({
  context,
  subscription,
  coupon,
}: {
  context: PortalContext;
  subscription: Stripe.Subscription;
  coupon: Stripe.Coupon;
}) {
  const { l, base } = context;
  const { t } = l;
  return (
    <PortalFrame context={context} title={t.retentionHeading}>
      <h1>{t.retentionHeading}</h1>
      <section className="card">
        <div className="plan">{planName(context, subscription)}</div>
        <p>{t.retentionOffer(discountText(l, coupon))}</p>
        <div className="actions">
          <form className="inline" method="post" action={`${base}/subscriptions/${subscription.id}/retention`}>
            <SubmissionToken />
            <button type="submit">{t.acceptOffer}</button>
          </form>
          <LinkButton action={`${base}/subscriptions/${subscription.id}/cancel`} label={t.noThanks} params={{ offer: 'declined' }} />
        </div>
      </section>
    </PortalFrame>
  );
}
