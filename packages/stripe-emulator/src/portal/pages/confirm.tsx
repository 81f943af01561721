import type Stripe from 'stripe';
import { idOf } from '../../ids.js';
import { Alert, CardFields, priceLabel, priceName, SubmissionToken } from '../components.js';
import type { PortalContext } from '../session.js';
import { LinkButton, PortalFrame } from './shared.js';

// The confirm page of a plan change, priced by the same code as `/v1/invoices/create_preview`.

function lineDescription(context: PortalContext, line: Stripe.InvoiceLineItem): string {
  const { t } = context.l;
  const priceId = line.pricing?.price_details?.price;
  const price = priceId ? context.store.prices.get(idOf(priceId)) : undefined;
  const name = price ? priceName(context.store.products, price) : (line.description ?? '');
  const proration = line.parent?.subscription_item_details?.proration ?? line.parent?.invoice_item_details?.proration ?? false;
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
  scheduledFor,
  failure,
}: {
  context: PortalContext;
  subscription: Stripe.Subscription;
  price: Stripe.Price;
  quantity: number;
  preview: Stripe.Invoice;
  discountNames: readonly string[];
  /** When the change waits for the end of the period (`schedule_at_period_end`), that time. */
  scheduledFor: number | null;
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
      {scheduledFor !== null ? (
        <section className="card">
          <p>{t.scheduledChangeNote(l.date(scheduledFor))}</p>
        </section>
      ) : (
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
      )}
      <form method="post" action={`${base}/subscriptions/${subscription.id}/update/confirm`} noValidate>
        <SubmissionToken />
        <input type="hidden" name="price" value={price.id} />
        <input type="hidden" name="quantity" value={String(quantity)} />
        {scheduledFor === null && (
          <details>
            <summary>{t.newCardHeading}</summary>
            <p className="muted small">{t.newCardHint}</p>
            <CardFields l={l} />
            <p className="hint">{t.testCardsHint}</p>
          </details>
        )}
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
