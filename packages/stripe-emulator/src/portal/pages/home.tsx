import type Stripe from 'stripe';
import { idOf } from '../../ids.js';
import { portalProducts } from '../../resources/billing-portal-configurations/index.js';
import { couponOf } from '../../resources/discounts.js';
import { pauseRefusal } from '../../resources/subscriptions/index.js';
import { pendingChange } from '../actions.js';
import { Alert, priceLabel, priceName, SubmissionToken } from '../components.js';
import type { Notice, PortalContext } from '../session.js';
import { brandName, discountText, LinkButton, noticeMessage, pausedUntil, periodEnd, planName, PortalFrame } from './shared.js';

// The portal homepage: subscriptions, the card on file, invoices, and the actions the configuration enables.

function SubscriptionCard({ context, subscription }: { context: PortalContext; subscription: Stripe.Subscription }) {
  const { l, configuration, base } = context;
  const { t } = l;
  const features = configuration.features;
  const item = subscription.items.data[0];
  const scheduledEnd = subscription.cancel_at;
  const paused = subscription.status === 'paused';
  const resumesAt = paused ? pausedUntil(context, subscription.id) : null;
  const dateLine = paused
    ? resumesAt === null
      ? t.pausedIndefinitely
      : t.pausedUntil(l.date(resumesAt))
    : subscription.status === 'trialing' && subscription.trial_end && scheduledEnd === null
      ? t.trialEndsOn(l.date(subscription.trial_end))
      : scheduledEnd !== null
        ? t.cancelsOn(l.date(scheduledEnd))
        : t.renewsOn(l.date(periodEnd(subscription)));
  const pending = pendingChange(context.store, subscription.id);
  const discounts = subscription.discounts
    .map((discount) => context.store.discounts.get(idOf(discount) ?? ''))
    .filter((discount): discount is Stripe.Discount => discount !== undefined);
  return (
    <section className="card" aria-label={planName(context, subscription)}>
      <div className="row">
        <div>
          <span className="plan">{planName(context, subscription)}</span>
          <span className={`status ${subscription.status}`}>{t.subscriptionStatus[subscription.status] ?? subscription.status}</span>
        </div>
      </div>
      {item && (
        <div>
          {priceLabel(l, item.price)}
          {(item.quantity ?? 1) > 1 && <span className="muted"> {t.quantityTimes(item.quantity ?? 1)}</span>}
        </div>
      )}
      <div className="muted small">{dateLine}</div>
      {pending && <div className="small">{t.changesOn(priceName(context.store.products, pending.price), l.date(pending.at))}</div>}
      {discounts.map((discount) => (
        <div key={discount.id} className="muted small">
          {t.discountApplied(discountText(l, couponOf(context.store, discount)))}
        </div>
      ))}
      <div className="actions">
        {pending && (
          <form className="inline" method="post" action={`${base}/subscriptions/${subscription.id}/keep-plan`}>
            <SubmissionToken />
            <button type="submit">{t.keepCurrentPlan}</button>
          </form>
        )}
        {scheduledEnd !== null && (
          <form className="inline" method="post" action={`${base}/subscriptions/${subscription.id}/renew`}>
            <SubmissionToken />
            <button type="submit">{t.renewSubscription}</button>
          </form>
        )}
        {paused && (
          <form className="inline" method="post" action={`${base}/subscriptions/${subscription.id}/resume`}>
            <SubmissionToken />
            <button type="submit">{t.resumeSubscription}</button>
          </form>
        )}
        {!paused && features.subscription_update.enabled && scheduledEnd === null && portalProducts(configuration).length > 0 && (
          <LinkButton action={`${base}/subscriptions/${subscription.id}/update`} label={t.updateSubscription} secondary={false} />
        )}
        {features.subscription_pause.enabled && pauseRefusal(subscription) === null && (
          <LinkButton action={`${base}/subscriptions/${subscription.id}/pause`} label={t.pauseSubscription} />
        )}
        {features.subscription_cancel.enabled && scheduledEnd === null && (
          <LinkButton action={`${base}/subscriptions/${subscription.id}/cancel`} label={t.cancelSubscription} />
        )}
      </div>
    </section>
  );
}

/** The customer's billing details, and the way to change them when the configuration allows it. */
function BillingInformation({ context, taxIds }: { context: PortalContext; taxIds: readonly Stripe.TaxId[] }) {
  const { l, base, customer } = context;
  const { t } = l;
  const address = customer.address;
  const addressLines = address
    ? [address.line1, address.line2, [address.postal_code, address.city].filter(Boolean).join(' '), address.state, address.country].filter(
        (line): line is string => Boolean(line),
      )
    : [];
  const lines = [customer.name, customer.email, customer.phone, ...addressLines].filter((line): line is string => Boolean(line));
  return (
    <>
      <h2>{t.billingInfoHeading}</h2>
      <section className="card" aria-label={t.billingInfoHeading}>
        {lines.length === 0 && taxIds.length === 0 ? (
          <p className="muted">{t.noBillingInfo}</p>
        ) : (
          <div>
            {lines.map((line, index) => (
              <div key={index}>{line}</div>
            ))}
            {taxIds.map((taxId) => (
              <div key={taxId.id} className="muted small">
                {t.taxIdTypes[taxId.type] ?? taxId.type} {taxId.value}
              </div>
            ))}
          </div>
        )}
        <div className="actions">
          <LinkButton action={`${base}/customer`} label={t.updateInformation} />
        </div>
      </section>
    </>
  );
}

export function HomePage({
  context,
  subscriptions,
  paymentMethod,
  invoices,
  taxIds,
  notice,
}: {
  context: PortalContext;
  subscriptions: readonly Stripe.Subscription[];
  paymentMethod: Stripe.PaymentMethod | null;
  invoices: readonly Stripe.Invoice[];
  taxIds: readonly Stripe.TaxId[];
  notice: Notice | null;
}) {
  const { l, configuration, base } = context;
  const { t } = l;
  const features = configuration.features;
  return (
    <PortalFrame context={context} title={t.portalTitle}>
      <h1>{t.portalTitle}</h1>
      {notice && <Alert kind="success">{noticeMessage(context, notice)}</Alert>}
      <h2>{t.subscriptionsHeading}</h2>
      {subscriptions.length === 0 && <p className="muted">{t.noSubscriptions}</p>}
      {subscriptions.map((subscription) => (
        <SubscriptionCard key={subscription.id} context={context} subscription={subscription} />
      ))}

      <h2>{t.paymentMethodHeading}</h2>
      <section className="card">
        {paymentMethod?.card ? (
          <div className="row">
            <span>
              {brandName(paymentMethod.card.display_brand ?? paymentMethod.card.brand)} •••• {paymentMethod.card.last4}
            </span>
            <span className="muted small">
              {t.cardExpires(`${String(paymentMethod.card.exp_month).padStart(2, '0')}/${paymentMethod.card.exp_year}`)}
            </span>
          </div>
        ) : (
          <p className="muted">{t.noPaymentMethod}</p>
        )}
        {features.payment_method_update.enabled && (
          <div className="actions">
            <LinkButton action={`${base}/payment-method`} label={t.updateCard} />
          </div>
        )}
      </section>

      {features.customer_update.enabled && features.customer_update.allowed_updates.length > 0 && (
        <BillingInformation context={context} taxIds={taxIds} />
      )}

      {features.invoice_history.enabled && (
        <>
          <h2>{t.invoiceHistoryHeading}</h2>
          <section className="card">
            {invoices.length === 0 ? (
              <p className="muted">{t.noInvoices}</p>
            ) : (
              <table>
                <tbody>
                  {invoices.map((invoice) => (
                    <tr key={invoice.id}>
                      <td>{l.date(invoice.status_transitions.finalized_at ?? invoice.created)}</td>
                      <td>{invoice.number}</td>
                      <td className="muted">{t.invoiceStatus[invoice.status ?? 'draft'] ?? invoice.status}</td>
                      <td className="amount">{l.money(invoice.total, invoice.currency)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
    </PortalFrame>
  );
}
