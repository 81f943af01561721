import type { ReactNode } from 'react';
import type Stripe from 'stripe';
import type { CardField, CardFormValues } from '../portal/card-form.js';
import { Alert, CardFields, priceLabel, TextField } from '../portal/components.js';
import type { Localized } from '../portal/i18n/index.js';
import { AuthenticationStep } from '../portal/authentication.js';
import { Frame, hostOf } from '../portal/layout.js';

/** The hosted Checkout page and what it shows once the session is no longer open. */

interface CheckoutFrameProps {
  readonly l: Localized;
  readonly session: Stripe.Checkout.Session;
  readonly title: string;
  readonly children: ReactNode;
}

function CheckoutFrame({ l, session, title, children }: CheckoutFrameProps) {
  const businessName = hostOf(session.success_url) ?? l.t.checkoutTitle;
  const back = session.cancel_url ? { href: session.cancel_url, label: l.t.back } : null;
  return (
    <Frame l={l} title={`${title} · ${l.t.checkoutTitle}`} back={back} businessName={businessName}>
      {children}
    </Frame>
  );
}

export interface CheckoutFormState {
  readonly email?: string;
  readonly emailError?: string;
  readonly card?: CardFormValues;
  readonly cardErrors?: Partial<Record<CardField, string>>;
  readonly promotionCode?: string;
  readonly promotionCodeError?: string;
  readonly failure?: string;
}

export function CheckoutPage({
  l,
  session,
  lineItems,
  trialDays,
  amounts,
  collectCard,
  trialEnd,
  form = {},
}: {
  l: Localized;
  session: Stripe.Checkout.Session;
  lineItems: readonly Stripe.LineItem[];
  trialDays: number | null;
  amounts: { subtotal: number; discount: number; total: number };
  /** Whether the card fields are shown (see `collectsCard`). */
  collectCard: boolean;
  /** When a trial started now would end, for the "no card needed" note. */
  trialEnd: number | null;
  form?: CheckoutFormState;
}) {
  const { t } = l;
  const currency = session.currency ?? 'usd';
  const names = lineItems.map((item) => item.description ?? item.price?.id ?? '').join(', ');
  const fixedEmail = session.customer_details?.email ?? session.customer_email;
  return (
    <CheckoutFrame l={l} session={session} title={t.subscribeTo(names)}>
      <h1>{t.subscribeTo(names)}</h1>
      <section className="card">
        <table>
          <tbody>
            {lineItems.map((item) => (
              <tr key={item.id}>
                <td>
                  <strong>{item.description}</strong>
                  {(item.quantity ?? 1) > 1 && <span className="muted"> {t.quantityTimes(item.quantity ?? 1)}</span>}
                  <div className="muted small">
                    {trialDays !== null && `${t.trialDays(trialDays)} · `}
                    {item.price && (trialDays !== null ? t.thenPrice(priceLabel(l, item.price)) : priceLabel(l, item.price))}
                  </div>
                </td>
                <td className="amount">{l.money(item.amount_subtotal, item.currency)}</td>
              </tr>
            ))}
            {amounts.discount > 0 && (
              <tr>
                <td>{t.discount}</td>
                <td className="amount">{l.money(-amounts.discount, currency)}</td>
              </tr>
            )}
            <tr className="total">
              <td>{t.amountDueToday}</td>
              <td className="amount">{l.money(amounts.total, currency)}</td>
            </tr>
          </tbody>
        </table>
      </section>

      {form.failure && <Alert kind="error">{form.failure}</Alert>}
      <form method="post" noValidate>
        {fixedEmail ? (
          <div className="field">
            <span className="muted small">{t.email}</span>
            <div>{fixedEmail}</div>
          </div>
        ) : (
          <TextField
            id="email"
            label={t.email}
            type="email"
            value={form.email}
            error={form.emailError}
            autoComplete="email"
            inputMode="email"
          />
        )}
        {collectCard ? (
          <>
            <h2>{t.paymentDetails}</h2>
            <CardFields l={l} values={form.card} errors={form.cardErrors} />
          </>
        ) : (
          trialEnd !== null && <p className="muted small">{t.noCardNeeded(l.date(trialEnd))}</p>
        )}
        {session.allow_promotion_codes && (
          <TextField id="promotion_code" label={t.promotionCode} value={form.promotionCode} error={form.promotionCodeError} />
        )}
        <button type="submit" className="block">
          {t.subscribe}
        </button>
      </form>
      {collectCard && <p className="hint">{t.testCardsHint}</p>}
    </CheckoutFrame>
  );
}

/** The 3-D Secure step between "Subscribe" and the subscription, for the authentication test cards. */
export function CheckoutAuthenticationPage({
  l,
  session,
  form,
}: {
  l: Localized;
  session: Stripe.Checkout.Session;
  form: Readonly<Record<string, unknown>>;
}) {
  return (
    <CheckoutFrame l={l} session={session} title={l.t.authenticationHeading}>
      <AuthenticationStep l={l} action={`/c/${session.id}`} form={form} />
    </CheckoutFrame>
  );
}

export function CheckoutClosedPage({ l, session, successUrl }: { l: Localized; session: Stripe.Checkout.Session; successUrl: string }) {
  const { t } = l;
  const complete = session.status === 'complete';
  const heading = complete ? t.checkoutCompleteHeading : t.checkoutExpiredHeading;
  const link = complete ? { href: successUrl, label: t.continue } : session.cancel_url ? { href: session.cancel_url, label: t.back } : null;
  return (
    <CheckoutFrame l={l} session={session} title={heading}>
      <h1>{heading}</h1>
      <p>{complete ? t.checkoutCompleteBody : t.checkoutExpiredBody}</p>
      {link && (
        <p>
          <a href={link.href}>{link.label}</a>
        </p>
      )}
    </CheckoutFrame>
  );
}
