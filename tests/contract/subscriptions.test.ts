import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { catalogFor, customerWithCard, eventsAbout, eventually, rejection } from './fixtures';
import { contractTargets, useTarget, type ContractTarget } from './target';

// Subscriptions: created and paid at once, their price and quantity changed with each proration
// behaviour, cancellation scheduled and taken back, and canceled now. Prorations are computed at
// `proration_date` = the period's start, so both targets credit exactly one full period.

type Line = Stripe.InvoiceLineItem;
const amounts = (lines: Line[]) => lines.map((line) => line.amount).sort((a, b) => a - b);
/** `[amount, is a proration]` per line, by amount, then non-prorations first. */
const prorations = (lines: Line[]) =>
  lines
    .map((line): [number, boolean] => [line.amount, line.parent?.subscription_item_details?.proration ?? false])
    .sort(([a, aProration], [b, bProration]) => a - b || Number(aProration) - Number(bProration));

for (const name of contractTargets()) {
  describe(`${name}: subscriptions`, () => {
    const target = useTarget(name);
    const catalog = catalogFor(target);

    async function subscribe(t: ContractTarget, params: Partial<Stripe.SubscriptionCreateParams> = {}) {
      const { customer } = await customerWithCard(t);
      const subscription = t.track(
        await t.stripe.subscriptions.create({
          customer: customer.id,
          items: [{ price: catalog.basic.id }],
          metadata: t.metadata,
          ...params,
        }),
      );
      const item = subscription.items.data[0]!;
      const n = t.normaliser({
        customer: customer.id,
        subscription: subscription.id,
        item: item.id,
        basic: catalog.basic.id,
        pro: catalog.pro.id,
      });
      return { customer, subscription, item, n };
    }

    it('are created active, charging the default card for the first period; periods live on the items', async () => {
      const t = target();
      const { subscription, n } = await subscribe(t, { items: [{ price: catalog.basic.id, quantity: 2 }], expand: ['latest_invoice'] });
      expect(subscription).not.toHaveProperty('current_period_end');
      expect(n.normalise(subscription)).toMatchObject({
        id: '<subscription>',
        object: 'subscription',
        status: 'active',
        customer: '<customer>',
        currency: 'eur',
        livemode: false,
        created: 'now',
        start_date: 'now',
        billing_cycle_anchor: 'now',
        cancel_at_period_end: false,
        cancel_at: null,
        canceled_at: null,
        ended_at: null,
        metadata: { contract_run: '<run>' },
        items: {
          object: 'list',
          data: [
            {
              id: '<item>',
              object: 'subscription_item',
              quantity: 2,
              price: { id: '<basic>' },
              current_period_start: 'now',
              current_period_end: 'now+1mo',
            },
          ],
        },
        latest_invoice: {
          object: 'invoice',
          status: 'paid',
          billing_reason: 'subscription_create',
          customer: '<customer>',
          currency: 'eur',
          amount_due: 4000,
          amount_paid: 4000,
          total: 4000,
          parent: { type: 'subscription_details', subscription_details: { subscription: '<subscription>' } },
        },
      });

      await expect
        .poll(async () => (await eventsAbout(t, subscription.id)).map((event) => event.type), eventually(t))
        .toEqual(['customer.subscription.created']);
      const invoice = subscription.latest_invoice as Stripe.Invoice;
      await expect
        .poll(async () => (await eventsAbout(t, invoice.id!)).map((event) => event.type), eventually(t))
        .toEqual(expect.arrayContaining(['invoice.created', 'invoice.finalized', 'invoice.paid', 'invoice.payment_succeeded']));
    });

    it('refuse to charge a customer without a card, unless the payment is left incomplete', async () => {
      const t = target();
      const customer = t.track(await t.stripe.customers.create({ metadata: t.metadata }));
      const create = (params: Partial<Stripe.SubscriptionCreateParams> = {}) =>
        t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: catalog.basic.id }], metadata: t.metadata, ...params });
      expect(await rejection(t, t.normaliser(), create())).toMatchObject({
        type: 'invalid_request_error',
        message: expect.stringMatching(/^This customer has no attached payment source or default payment method\./),
      });
      const incomplete = t.track(await create({ payment_behavior: 'default_incomplete', expand: ['latest_invoice'] }));
      expect(incomplete.status).toBe('incomplete');
      expect(incomplete.latest_invoice).toMatchObject({ status: 'open', amount_due: 2000, amount_paid: 0 });
    });

    it('check the customer and the prices', async () => {
      const t = target();
      const { customer } = await customerWithCard(t);
      const n = t.normaliser();
      const create = (params: Partial<Stripe.SubscriptionCreateParams>) =>
        rejection(
          t,
          n,
          t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: catalog.basic.id }], metadata: t.metadata, ...params }),
        );
      const oneTime = t.track(
        await t.stripe.prices.create({ product: catalog.product.id, currency: 'eur', unit_amount: 900, metadata: t.metadata }),
      );
      expect(await create({ items: [{ price: oneTime.id }] })).toMatchObject({
        type: 'invalid_request_error',
        param: 'items[0][price]',
        message: expect.stringContaining('`type=one_time`'),
      });
      expect(await create({ items: [{ price: 'price_missing' }] })).toMatchObject({
        type: 'invalid_request_error',
        code: 'resource_missing',
        param: 'items[0][price]',
      });
      expect(await create({ customer: 'cus_nobody' })).toMatchObject({
        type: 'invalid_request_error',
        param: 'customer',
        message: "No such customer: 'cus_nobody'",
      });
    });

    it('change price with prorations: previewed, then billed on the next invoice', async () => {
      const t = target();
      const { customer, subscription, item, n } = await subscribe(t);
      const proration_date = item.current_period_start;

      const preview = await t.stripe.invoices.createPreview({
        customer: customer.id,
        subscription: subscription.id,
        subscription_details: { items: [{ id: item.id, price: catalog.pro.id }], proration_date },
      });
      // The unused Basic month credited, a Pro month for the rest of the period, the next Pro month.
      expect(prorations(preview.lines.data)).toEqual([
        [-2000, true],
        [5000, false],
        [5000, true],
      ]);
      expect(preview.total).toBe(8000);

      const updated = await t.stripe.subscriptions.update(subscription.id, {
        items: [{ id: item.id, price: catalog.pro.id }],
        proration_date,
      });
      expect(n.normalise(updated)).toMatchObject({ status: 'active', items: { data: [{ id: '<item>', price: { id: '<pro>' } }] } });
      expect(updated.latest_invoice).toBe(subscription.latest_invoice);

      await expect.poll(async () => (await eventsAbout(t, subscription.id, 'customer.subscription.updated')).length, eventually(t)).toBe(1);
      const [event] = await eventsAbout(t, subscription.id, 'customer.subscription.updated');
      const previous = event!.data.previous_attributes as Partial<Stripe.Subscription>;
      expect(n.normalise(previous.items?.data[0]?.price.id)).toBe('<basic>');

      expect(amounts((await t.stripe.invoices.createPreview({ subscription: subscription.id })).lines.data)).toEqual([-2000, 5000, 5000]);
    });

    it('bill quantity prorations at once with always_invoice, and none with none', async () => {
      const t = target();
      const { subscription, item } = await subscribe(t);
      const billed = await t.stripe.subscriptions.update(subscription.id, {
        items: [{ id: item.id, quantity: 3 }],
        proration_behavior: 'always_invoice',
        proration_date: item.current_period_start,
        expand: ['latest_invoice'],
      });
      const invoice = billed.latest_invoice as Stripe.Invoice;
      expect(invoice).toMatchObject({ billing_reason: 'subscription_update', status: 'paid', total: 4000, amount_paid: 4000 });
      expect(amounts(invoice.lines.data)).toEqual([-2000, 6000]);

      const unprorated = await t.stripe.subscriptions.update(subscription.id, {
        items: [{ id: item.id, quantity: 1 }],
        proration_behavior: 'none',
      });
      expect(unprorated.latest_invoice).toBe(invoice.id);
      expect(unprorated.items.data[0]?.quantity).toBe(1);
      expect((await t.stripe.invoices.createPreview({ subscription: subscription.id })).total).toBe(2000);
    });

    it('schedule cancellation at the period end, and take it back', async () => {
      const t = target();
      const { subscription, item, n } = await subscribe(t);
      const scheduled = await t.stripe.subscriptions.update(subscription.id, {
        cancel_at_period_end: true,
        cancellation_details: { feedback: 'too_expensive', comment: 'Pricey' },
      });
      expect(n.normalise(scheduled)).toMatchObject({
        status: 'active',
        cancel_at_period_end: true,
        canceled_at: 'now',
        cancellation_details: { reason: 'cancellation_requested', feedback: 'too_expensive', comment: 'Pricey' },
      });
      expect(scheduled.cancel_at).toBe(item.current_period_end);
      await expect.poll(async () => (await eventsAbout(t, subscription.id, 'customer.subscription.updated')).length, eventually(t)).toBe(1);
      const [event] = await eventsAbout(t, subscription.id, 'customer.subscription.updated');
      expect(event?.data.previous_attributes).toMatchObject({ cancel_at_period_end: false, cancel_at: null, canceled_at: null });

      const resumed = await t.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: false });
      expect(resumed).toMatchObject({
        status: 'active',
        cancel_at_period_end: false,
        cancel_at: null,
        canceled_at: null,
        cancellation_details: { reason: null },
      });
    });

    it('cancel now, recording why; a canceled subscription changes only its details and metadata', async () => {
      const t = target();
      const { subscription, n } = await subscribe(t);
      const canceled = await t.stripe.subscriptions.cancel(subscription.id, {
        cancellation_details: { feedback: 'unused', comment: 'Not needed' },
      });
      expect(n.normalise(canceled)).toMatchObject({
        id: '<subscription>',
        status: 'canceled',
        ended_at: 'now',
        canceled_at: 'now',
        cancellation_details: { reason: 'cancellation_requested', feedback: 'unused', comment: 'Not needed' },
      });
      await expect
        .poll(async () => (await eventsAbout(t, subscription.id)).map((event) => event.type).sort(), eventually(t))
        .toEqual(['customer.subscription.created', 'customer.subscription.deleted']);

      expect(await rejection(t, n, t.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true }))).toMatchObject({
        type: 'invalid_request_error',
        message: 'A canceled subscription can only update its cancellation_details and metadata.',
      });
      const noted = await t.stripe.subscriptions.update(subscription.id, { metadata: { note: 'ok' } });
      expect(noted.metadata).toEqual({ contract_run: t.runId, note: 'ok' });
      expect(await rejection(t, n, t.stripe.subscriptions.cancel(subscription.id))).toMatchObject({ type: 'invalid_request_error' });
    });
  });
}
