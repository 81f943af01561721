import type { ReactNode } from 'react';
import type Stripe from 'stripe';
import { couponOf } from '../resources/discounts.js';
import { portalProducts } from '../resources/billing-portal-configurations.js';
import type { CardField, CardFormValues } from './card-form.js';
import { Alert, CardFields, priceLabel, priceName, SubmissionToken } from './components.js';
import type { Localized } from './i18n/index.js';
import { Frame } from './layout.js';
import type { Notice, PortalContext } from './session.js';
import { idOf } from '../ids.js';

/**
 * The portal's pages. Each is a plain component rendered to static HTML; forms post back to the
 * emulator and every action is a `<button>`. Pages inside a flow show only the flow's task.
 */

function PortalFrame({ context, title, children }: { context: PortalContext; title: string; children: ReactNode }) {
  const { l, configuration } = context;
  const profile = configuration.business_profile;
  const links = [
    ...(profile.privacy_policy_url ? [{ href: profile.privacy_policy_url, label: l.t.privacyPolicy }] : []),
    ...(profile.terms_of_service_url ? [{ href: profile.terms_of_service_url, label: l.t.termsOfService }] : []),
  ];
  return (
    <Frame
      l={l}
      title={title === l.t.portalTitle ? title : `${title} · ${l.t.portalTitle}`}
      back={context.back}
      businessName={context.businessName}
      headline={context.flow ? null : profile.headline}
      links={links}
    >
      {children}
    </Frame>
  );
}

/** A button that leads somewhere with a GET, so that it works without JavaScript. */
function LinkButton({ action, label, params = {}, secondary = true }: { action: string; label: string; params?: Record<string, string>; secondary?: boolean }) {
  return (
    <form className="inline" method="get" action={action}>
      {Object.entries(params).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" className={secondary ? 'secondary' : undefined}>
        {label}
      </button>
    </form>
  );
}

const BRANDS: Readonly<Record<string, string>> = {
  amex: 'American Express',
  american_express: 'American Express',
  diners: 'Diners Club',
  diners_club: 'Diners Club',
  discover: 'Discover',
  jcb: 'JCB',
  mastercard: 'Mastercard',
  unionpay: 'UnionPay',
  visa: 'Visa',
};

function brandName(brand: string): string {
  return BRANDS[brand] ?? brand;
}

/** "Pro" for a one-item subscription, "Pro, Extra seats" for several. */
export function planName(context: PortalContext, subscription: Stripe.Subscription): string {
  return subscription.items.data.map((item) => priceName(context.store.products, item.price)).join(', ');
}

function periodEnd(subscription: Stripe.Subscription): number {
  return subscription.items.data[0]?.current_period_end ?? subscription.billing_cycle_anchor;
}

function discountText(l: Localized, coupon: Stripe.Coupon): string {
  const amount =
    coupon.percent_off !== null
      ? l.t.percentOff(new Intl.NumberFormat(l.intlLocale).format(coupon.percent_off))
      : l.t.amountOff(l.money(coupon.amount_off ?? 0, coupon.currency ?? 'usd'));
  const duration = (['once', 'repeating', 'forever'] as const).find((candidate) => candidate === coupon.duration) ?? 'once';
  return `${amount} ${l.t.couponDuration(duration, coupon.duration_in_months)}`;
}

/** The success message of a completed action, in the page's language. */
export function noticeMessage(context: PortalContext, notice: Notice): string {
  const { t } = context.l;
  switch (notice.kind) {
    case 'payment_method_updated':
      return t.paymentMethodUpdated;
    case 'offer_accepted':
      return t.offerAccepted;
    case 'subscription_updated':
      return t.subscriptionUpdated;
    case 'subscription_canceled': {
      const subscription = notice.subscription ? context.store.subscriptions.get(notice.subscription) : undefined;
      if (subscription && subscription.status !== 'canceled' && subscription.cancel_at !== null) {
        return t.subscriptionCancelsOn(context.l.date(subscription.cancel_at));
      }
      return t.subscriptionCanceled;
    }
  }
}

// Homepage ----------------------------------------------------------------------------------

function SubscriptionCard({ context, subscription }: { context: PortalContext; subscription: Stripe.Subscription }) {
  const { l, configuration, base } = context;
  const { t } = l;
  const features = configuration.features;
  const item = subscription.items.data[0];
  const scheduledEnd = subscription.cancel_at;
  const dateLine =
    subscription.status === 'trialing' && subscription.trial_end && scheduledEnd === null
      ? t.trialEndsOn(l.date(subscription.trial_end))
      : scheduledEnd !== null
        ? t.cancelsOn(l.date(scheduledEnd))
        : t.renewsOn(l.date(periodEnd(subscription)));
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
      {discounts.map((discount) => (
        <div key={discount.id} className="muted small">
          {t.discountApplied(discountText(l, couponOf(context.store, discount)))}
        </div>
      ))}
      <div className="actions">
        {features.subscription_update.enabled && scheduledEnd === null && portalProducts(configuration).length > 0 && (
          <LinkButton action={`${base}/subscriptions/${subscription.id}/update`} label={t.updateSubscription} secondary={false} />
        )}
        {features.subscription_cancel.enabled && scheduledEnd === null && (
          <LinkButton action={`${base}/subscriptions/${subscription.id}/cancel`} label={t.cancelSubscription} />
        )}
      </div>
    </section>
  );
}

export function HomePage({
  context,
  subscriptions,
  paymentMethod,
  invoices,
  notice,
}: {
  context: PortalContext;
  subscriptions: readonly Stripe.Subscription[];
  paymentMethod: Stripe.PaymentMethod | null;
  invoices: readonly Stripe.Invoice[];
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

// Payment method ----------------------------------------------------------------------------

export function CardPage({
  context,
  values,
  errors,
  failure,
}: {
  context: PortalContext;
  values?: CardFormValues;
  errors?: Partial<Record<CardField, string>>;
  failure?: string;
}) {
  const { l, base } = context;
  const { t } = l;
  return (
    <PortalFrame context={context} title={t.addPaymentMethodHeading}>
      <h1>{t.addPaymentMethodHeading}</h1>
      {failure && <Alert kind="error">{failure}</Alert>}
      <form method="post" action={`${base}/payment-method`} noValidate>
        <SubmissionToken />
        <CardFields l={l} values={values} errors={errors} />
        <button type="submit" className="block">
          {t.addCard}
        </button>
      </form>
      <p className="hint">{t.testCardsHint}</p>
      {!context.flow && (
        <div className="actions">
          <LinkButton action={base} label={t.goBack} />
        </div>
      )}
    </PortalFrame>
  );
}

// Cancel ------------------------------------------------------------------------------------

export function CancelPage({ context, subscription, failure }: { context: PortalContext; subscription: Stripe.Subscription; failure?: string }) {
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
        <p>
          {cancel.mode === 'immediately'
            ? t.cancelImmediately(plan)
            : t.cancelAtPeriodEnd(plan, l.date(periodEnd(subscription)))}
        </p>
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

export function RetentionPage({ context, subscription, coupon }: { context: PortalContext; subscription: Stripe.Subscription; coupon: Stripe.Coupon }) {
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

// Plan change -------------------------------------------------------------------------------

export function ChoosePlanPage({ context, subscription }: { context: PortalContext; subscription: Stripe.Subscription }) {
  const { l, base, store, configuration } = context;
  const { t } = l;
  const item = subscription.items.data[0];
  const choices = portalProducts(configuration).flatMap((product) =>
    product.prices.flatMap((priceId) => {
      const price = store.prices.get(priceId);
      return price && price.active ? [price] : [];
    }),
  );
  const others = choices.filter((price) => price.id !== item?.price.id);
  return (
    <PortalFrame context={context} title={t.updateHeading}>
      <h1>{t.updateHeading}</h1>
      {others.length === 0 ? (
        <p className="muted">{t.noOtherPlans}</p>
      ) : (
        <form method="get" action={`${base}/subscriptions/${subscription.id}/update/confirm`}>
          <fieldset>
            <legend>{t.choosePlan}</legend>
            {choices.map((price) => {
              const current = price.id === item?.price.id;
              return (
                <label key={price.id} className="choice">
                  <input type="radio" name="price" value={price.id} disabled={current} required />
                  <span>
                    <strong>{priceName(store.products, price)}</strong> · {priceLabel(l, price)}
                  </span>
                  {current && <span className="status current">{t.currentPlan}</span>}
                </label>
              );
            })}
          </fieldset>
          <button type="submit" className="block">
            {t.continue}
          </button>
        </form>
      )}
      {!context.flow && (
        <div className="actions">
          <LinkButton action={base} label={t.goBack} />
        </div>
      )}
    </PortalFrame>
  );
}

function lineDescription(context: PortalContext, line: Stripe.InvoiceLineItem): string {
  const { t } = context.l;
  const priceId = line.pricing?.price_details?.price;
  const price = priceId ? context.store.prices.get(idOf(priceId)) : undefined;
  const name = price ? priceName(context.store.products, price) : (line.description ?? '');
  const proration =
    line.parent?.subscription_item_details?.proration ?? line.parent?.invoice_item_details?.proration ?? false;
  if (proration) return line.amount < 0 ? t.unusedTime(name) : t.remainingTime(name);
  return (line.quantity ?? 1) > 1 ? `${name} ${t.quantityTimes(line.quantity ?? 1)}` : name;
}

export function ConfirmPage({
  context,
  subscription,
  price,
  quantity,
  preview,
  discountNames,
  failure,
}: {
  context: PortalContext;
  subscription: Stripe.Subscription;
  price: Stripe.Price;
  quantity: number;
  preview: Stripe.Invoice;
  discountNames: readonly string[];
  failure?: string;
}) {
  const { l, base, store, configuration } = context;
  const { t } = l;
  const item = subscription.items.data[0];
  const immediate = preview.billing_reason === 'subscription_update';
  const discountTotal = preview.subtotal - preview.total;
  const noProrations = configuration.features.subscription_update.proration_behavior === 'none' && !immediate;
  const inUpdateFlow = context.flow?.type === 'subscription_update';
  return (
    <PortalFrame context={context} title={t.confirmHeading}>
      <h1>{t.confirmHeading}</h1>
      {failure && <Alert kind="error">{failure}</Alert>}
      <section className="card">
        {item && (
          <div className="row">
            <span className="muted">{t.currentPlan}</span>
            <span>
              {priceName(store.products, item.price)} · {priceLabel(l, item.price)}
              {(item.quantity ?? 1) > 1 && ` ${t.quantityTimes(item.quantity ?? 1)}`}
            </span>
          </div>
        )}
        <div className="row">
          <span className="muted">{t.newPlan}</span>
          <strong>
            {priceName(store.products, price)} · {priceLabel(l, price)}
            {quantity > 1 && ` ${t.quantityTimes(quantity)}`}
          </strong>
        </div>
        {discountNames.map((name) => (
          <div key={name} className="muted small">
            {t.discountApplied(name)}
          </div>
        ))}
      </section>
      <section className="card">
        <h2>{immediate ? t.amountDueToday : t.nextInvoice(l.date(preview.period_end))}</h2>
        {noProrations && <p className="muted small">{t.noProrations(l.date(preview.period_end))}</p>}
        <table>
          <tbody>
            {preview.lines.data.map((line) => (
              <tr key={line.id}>
                <td>{lineDescription(context, line)}</td>
                <td className="amount">{l.money(line.amount, preview.currency)}</td>
              </tr>
            ))}
            <tr>
              <td>{t.subtotal}</td>
              <td className="amount">{l.money(preview.subtotal, preview.currency)}</td>
            </tr>
            {discountTotal > 0 && (
              <tr>
                <td>{t.discount}</td>
                <td className="amount">{l.money(-discountTotal, preview.currency)}</td>
              </tr>
            )}
            <tr className="total">
              <td>{immediate ? t.amountDueToday : t.total}</td>
              <td className="amount">{l.money(immediate ? preview.amount_due : preview.total, preview.currency)}</td>
            </tr>
          </tbody>
        </table>
      </section>
      <form method="post" action={`${base}/subscriptions/${subscription.id}/update/confirm`}>
        <SubmissionToken />
        <input type="hidden" name="price" value={price.id} />
        <input type="hidden" name="quantity" value={String(quantity)} />
        <button type="submit" className="block">
          {t.confirm}
        </button>
      </form>
      {(!context.flow || inUpdateFlow) && (
        <div className="actions">
          <LinkButton action={`${base}/subscriptions/${subscription.id}/update`} label={t.goBack} />
        </div>
      )}
    </PortalFrame>
  );
}

// Outcomes ----------------------------------------------------------------------------------

export function ConfirmationPage({ context, message }: { context: PortalContext; message: string }) {
  const { t } = context.l;
  return (
    <PortalFrame context={context} title={t.doneHeading}>
      <h1>{t.doneHeading}</h1>
      <Alert kind="success">{message}</Alert>
    </PortalFrame>
  );
}

export function ProblemPage({ context, heading, message }: { context: PortalContext; heading: string; message: string }) {
  return (
    <PortalFrame context={context} title={heading}>
      <h1>{heading}</h1>
      <Alert kind="error">{message}</Alert>
      {!context.flow && (
        <div className="actions">
          <LinkButton action={context.base} label={context.l.t.goBack} />
        </div>
      )}
    </PortalFrame>
  );
}

export function ExpiredPage({
  l,
  back,
  businessName,
}: {
  l: Localized;
  back: PortalContext['back'];
  businessName: string;
}) {
  return (
    <Frame l={l} title={l.t.expiredHeading} back={back} businessName={businessName}>
      <h1>{l.t.expiredHeading}</h1>
      <p>{l.t.expiredBody}</p>
    </Frame>
  );
}

export function LoginPage({ l, businessName, email, error }: { l: Localized; businessName: string; email?: string; error?: string }) {
  return (
    <Frame l={l} title={l.t.loginHeading} back={null} businessName={businessName}>
      <h1>{l.t.loginHeading}</h1>
      <p className="muted">{l.t.loginBody}</p>
      {error && <Alert kind="error">{error}</Alert>}
      <form method="post">
        <div className="field">
          <label htmlFor="email">{l.t.email}</label>
          <input id="email" name="email" type="email" autoComplete="email" defaultValue={email} required />
        </div>
        <button type="submit" className="block">
          {l.t.continue}
        </button>
      </form>
    </Frame>
  );
}
