import type Stripe from 'stripe';
import { idOf } from '../../ids.js';
import { portalProducts, quantityBounds } from '../../resources/billing-portal-configurations/index.js';
import { priceLabel, priceName, TextField } from '../components.js';
import type { PortalContext } from '../session.js';
import { LinkButton, PortalFrame } from './shared.js';

// "Update subscription": the plans the configuration offers, and the quantity when it is adjustable.

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
  // With an adjustable quantity the current plan can be kept with another quantity (seats).
  const seats = item ? quantityBounds(configuration, idOf(item.price.product)) : null;
  return (
    <PortalFrame context={context} title={t.updateHeading}>
      <h1>{t.updateHeading}</h1>
      {others.length === 0 && !seats ? (
        <p className="muted">{t.noOtherPlans}</p>
      ) : (
        <form method="get" action={`${base}/subscriptions/${subscription.id}/update/confirm`}>
          <fieldset>
            <legend>{t.choosePlan}</legend>
            {choices.map((price) => {
              const current = price.id === item?.price.id;
              return (
                <label key={price.id} className="choice">
                  <input
                    type="radio"
                    name="price"
                    value={price.id}
                    disabled={current && !seats}
                    defaultChecked={current && !!seats}
                    required
                  />
                  <span>
                    <strong>{priceName(store.products, price)}</strong> · {priceLabel(l, price)}
                  </span>
                  {current && <span className="status current">{t.currentPlan}</span>}
                </label>
              );
            })}
          </fieldset>
          {seats && (
            <TextField
              id="quantity"
              type="number"
              inputMode="numeric"
              label={t.quantityRange(seats.minimum, seats.maximum)}
              value={String(item?.quantity ?? 1)}
              min={seats.minimum}
              max={seats.maximum ?? undefined}
            />
          )}
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
