import type Stripe from 'stripe';
import { CLEANABLE, type Cleanable, type ContractTarget } from './target';
import type { Normaliser, NormalisedError } from './normalise';
import { hookedFixture } from '../support/fixture';

// What several contract files set up, created the same way on both targets: tagged with the run
// id and tracked for clean-up.

export const RETURN_URL = 'https://example.com/account';

export interface Catalog {
  readonly product: Stripe.Product;
  readonly basic: Stripe.Price;
  readonly pro: Stripe.Price;
  readonly yearly: Stripe.Price;
}

/** The catalogue (createCatalog) of the enclosing describe block's target, made before its tests. */
export function catalogFor(target: () => ContractTarget): Catalog {
  return hookedFixture(() => createCatalog(target()));
}

/** One product with two monthly prices and a yearly one, as the emulator's own tests use. */
export async function createCatalog(target: ContractTarget): Promise<Catalog> {
  const { stripe, metadata } = target;
  const product = target.track(await stripe.products.create({ name: 'Team plan', metadata }));
  const price = async (nickname: string, unit_amount: number, interval: 'month' | 'year') =>
    target.track(
      await stripe.prices.create({ product: product.id, currency: 'eur', unit_amount, recurring: { interval }, nickname, metadata }),
    );
  return {
    product,
    basic: await price('Basic', 2000, 'month'),
    pro: await price('Pro', 5000, 'month'),
    yearly: await price('Pro yearly', 50000, 'year'),
  };
}

/** Every portal feature on, offering the catalogue's monthly prices for plan changes. */
export function fullFeatures(catalog: Catalog): Stripe.BillingPortal.ConfigurationCreateParams.Features {
  return {
    customer_update: { enabled: true, allowed_updates: ['email'] },
    invoice_history: { enabled: true },
    payment_method_update: { enabled: true },
    subscription_cancel: {
      enabled: true,
      mode: 'at_period_end',
      cancellation_reason: { enabled: true, options: ['too_expensive', 'missing_features', 'other'] },
    },
    subscription_update: {
      enabled: true,
      default_allowed_updates: ['price'],
      proration_behavior: 'create_prorations',
      // Seats adjustable, so that a subscription_update_confirm may change the quantity.
      products: [
        {
          product: catalog.product.id,
          prices: [catalog.basic.id, catalog.pro.id],
          adjustable_quantity: { enabled: true, minimum: 1, maximum: 10 },
        },
      ],
    },
  };
}

export async function createConfiguration(
  target: ContractTarget,
  params: Stripe.BillingPortal.ConfigurationCreateParams,
): Promise<Stripe.BillingPortal.Configuration> {
  return target.track(
    await target.stripe.billingPortal.configurations.create({ ...params, metadata: { ...params.metadata, ...target.metadata } }),
  );
}

/** A customer with a card (Stripe's `pm_card_visa` test card) as the default for invoices. */
export async function customerWithCard(
  target: ContractTarget,
  name = 'jenny',
): Promise<{ customer: Stripe.Customer; card: Stripe.PaymentMethod }> {
  const { stripe, metadata, runId } = target;
  const customer = target.track(await stripe.customers.create({ email: `${name}+${runId}@example.com`, name: 'Jenny Rosen', metadata }));
  const card = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card.id } });
  return { customer, card };
}

export async function subscribedCustomer(
  target: ContractTarget,
  price: Stripe.Price,
  name = 'jenny',
): Promise<{ customer: Stripe.Customer; card: Stripe.PaymentMethod; subscription: Stripe.Subscription }> {
  const { customer, card } = await customerWithCard(target, name);
  const subscription = target.track(
    await target.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], metadata: target.metadata }),
  );
  return { customer, card, subscription };
}

/**
 * The error `request` fails with, normalised. If the target accepts the request instead, whatever
 * it created is tracked for clean-up and the test fails, saying what came back.
 */
export async function rejection(target: ContractTarget, normaliser: Normaliser, request: Promise<unknown>): Promise<NormalisedError> {
  let answer: unknown;
  try {
    answer = await request;
  } catch (error) {
    return normaliser.error(error);
  }
  const created = answer as { id?: unknown; object?: unknown } | null;
  if (typeof created?.id === 'string' && CLEANABLE.includes(created.object as Cleanable)) {
    target.track(created as { id: string; object: Cleanable });
  }
  throw new Error(
    `Expected ${target.name} to refuse the request, but it answered ${JSON.stringify(normaliser.normalise(answer)).slice(0, 500)}`,
  );
}

/** Stripe lists events a moment after the change; the emulator at once. */
export function eventually(target: ContractTarget): { timeout: number; interval: number } {
  return target.name === 'stripe' ? { timeout: 30_000, interval: 1_000 } : { timeout: 1_000, interval: 50 };
}

/** The events about one object, oldest first (from the newest 100, of `type` when given). */
export async function eventsAbout(target: ContractTarget, objectId: string, type?: string): Promise<Stripe.Event[]> {
  const events = await target.stripe.events.list({ limit: 100, ...(type && { type }) });
  return events.data.filter((event) => (event.data.object as { id?: string }).id === objectId).reverse();
}
