import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { catalogFor, eventsAbout, eventually, rejection } from './fixtures';
import { contractTargets, useTarget } from './target';

// Checkout Sessions in subscription mode, the way the pricing page's Subscribe button opens them:
// created, retrieved with their line items, expired, and the requests Stripe refuses.

const SUCCESS_URL = 'https://shop.example.com/welcome?session_id={CHECKOUT_SESSION_ID}';
const CANCEL_URL = 'https://shop.example.com/pricing';

for (const name of contractTargets()) {
  describe(`${name}: Checkout Sessions`, () => {
    const target = useTarget(name);
    const catalog = catalogFor(target);

    const params = (extra: Partial<Stripe.Checkout.SessionCreateParams> = {}): Stripe.Checkout.SessionCreateParams => ({
      mode: 'subscription',
      line_items: [{ price: catalog.basic.id, quantity: 1 }],
      success_url: SUCCESS_URL,
      cancel_url: CANCEL_URL,
      metadata: target().metadata,
      ...extra,
    });
    const open = async (extra: Partial<Stripe.Checkout.SessionCreateParams> = {}) =>
      target().track(await target().stripe.checkout.sessions.create(params(extra)));
    const refusal = (extra: Partial<Stripe.Checkout.SessionCreateParams>) =>
      rejection(target(), target().normaliser(), target().stripe.checkout.sessions.create(params(extra)));

    it('are created open, with their amounts, a hosted page that expires in a day, and their line items', async () => {
      const t = target();
      const session = await open({
        client_reference_id: 'user_42',
        metadata: { ...t.metadata, plan: 'basic' },
        line_items: [{ price: catalog.basic.id, quantity: 2 }],
      });
      expect(session.id).toMatch(/^cs_test_/);
      const n = t.normaliser({ session: session.id, basic: catalog.basic.id });
      expect(n.normalise(session)).toMatchObject({
        id: '<session>',
        object: 'checkout.session',
        mode: 'subscription',
        status: 'open',
        payment_status: 'unpaid',
        amount_subtotal: 4000,
        amount_total: 4000,
        currency: 'eur',
        client_reference_id: 'user_42',
        metadata: { contract_run: '<run>', plan: 'basic' },
        customer: null,
        subscription: null,
        success_url: SUCCESS_URL,
        cancel_url: CANCEL_URL,
        livemode: false,
        url: '<hosted page>',
        created: 'now',
        expires_at: 'now+1d',
      });

      const lineItems = await t.stripe.checkout.sessions.listLineItems(session.id);
      expect(n.normalise(lineItems.data)).toMatchObject([
        { object: 'item', quantity: 2, amount_total: 4000, currency: 'eur', description: 'Team plan', price: { id: '<basic>' } },
      ]);
      expect(lineItems.data).toHaveLength(1);

      const retrieved = await t.stripe.checkout.sessions.retrieve(session.id, { expand: ['line_items'] });
      expect(n.normalise(retrieved.line_items?.data[0]?.price?.id)).toBe('<basic>');
      expect((await t.stripe.checkout.sessions.retrieve(session.id)).line_items).toBeUndefined();
    });

    it('are expired once, with an event, and then listed as expired', async () => {
      const t = target();
      const session = await open();
      const expired = await t.stripe.checkout.sessions.expire(session.id);
      expect(expired).toMatchObject({ id: session.id, status: 'expired', url: null });
      expect(await rejection(t, t.normaliser(), t.stripe.checkout.sessions.expire(session.id))).toMatchObject({
        type: 'invalid_request_error',
        message: 'Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of `expired`.',
      });
      await expect
        .poll(async () => (await eventsAbout(t, session.id)).map((event) => event.type), eventually(t))
        .toEqual(['checkout.session.expired']);
      const listed = await t.stripe.checkout.sessions.list({ status: 'expired', limit: 100 });
      expect(listed.data.map((entry) => entry.id)).toContain(session.id);
      expect(listed.data.every((entry) => entry.status === 'expired')).toBe(true);
    });

    it('refuse what Stripe refuses, with Stripe’s wording', async () => {
      const t = target();
      expect(await refusal({ mode: undefined })).toMatchObject({ type: 'invalid_request_error', code: 'parameter_missing', param: 'mode' });
      expect(await refusal({ line_items: [{ price: catalog.basic.id }] })).toMatchObject({
        type: 'invalid_request_error',
        code: 'parameter_missing',
        param: 'line_items[0][quantity]',
      });
      expect(await refusal({ success_url: 'welcome' })).toMatchObject({
        type: 'invalid_request_error',
        code: 'url_invalid',
        param: 'success_url',
      });

      const customer = t.track(await t.stripe.customers.create({ email: `both+${t.runId}@example.com`, metadata: t.metadata }));
      expect(await refusal({ customer: customer.id, customer_email: customer.email! })).toMatchObject({
        type: 'invalid_request_error',
        message: 'You may only specify one of these parameters: customer, customer_email.',
      });

      const oneTime = t.track(
        await t.stripe.prices.create({ product: catalog.product.id, currency: 'eur', unit_amount: 900, metadata: t.metadata }),
      );
      expect(await refusal({ line_items: [{ price: oneTime.id, quantity: 1 }] })).toMatchObject({
        type: 'invalid_request_error',
        param: 'line_items',
        message: 'You must provide at least one recurring price in `subscription` mode when using prices.',
      });

      const archived = t.track(
        await t.stripe.prices.create({
          product: catalog.product.id,
          currency: 'eur',
          unit_amount: 100,
          recurring: { interval: 'month' },
          metadata: t.metadata,
        }),
      );
      await t.stripe.prices.update(archived.id, { active: false });
      expect(await refusal({ line_items: [{ price: archived.id, quantity: 1 }] })).toMatchObject({
        type: 'invalid_request_error',
        param: 'line_items[0][price]',
        message: 'The price specified is inactive. This field only accepts active prices.',
      });
      expect(await refusal({ line_items: [{ price: 'price_missing', quantity: 1 }] })).toMatchObject({
        type: 'invalid_request_error',
        code: 'resource_missing',
        param: 'line_items[0][price]',
      });

      const coupon = t.track(await t.stripe.coupons.create({ percent_off: 10, metadata: t.metadata }));
      expect(await refusal({ allow_promotion_codes: true, discounts: [{ coupon: coupon.id }] })).toMatchObject({
        type: 'invalid_request_error',
        message: 'You may only specify one of these parameters: allow_promotion_codes, discounts.',
      });
    });
  });
}
