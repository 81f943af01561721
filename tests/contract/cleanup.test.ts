import { describe, expect, it } from 'vitest';
import { createCatalog, createConfiguration, fullFeatures, rejection, subscribedCustomer } from './fixtures';
import { contractTargets, useTarget } from './target';

// The clean-up every contract file ends with, checked object by object: what a forker's test
// account keeps after a run is archived, deactivated, expired, canceled or gone.

for (const name of contractTargets()) {
  describe(`${name}: clean-up after a run`, () => {
    const target = useTarget(name);

    it('leaves every kind of object it created archived, deactivated, expired, canceled or deleted', async () => {
      const t = target();
      const { stripe, metadata } = t;
      const catalog = await createCatalog(t);
      const configuration = await createConfiguration(t, { features: fullFeatures(catalog) });
      const { customer, subscription } = await subscribedCustomer(t, catalog.basic);
      // Canceled by the test itself: clean-up finds it canceled and leaves it.
      const canceled = t.track(await stripe.subscriptions.create({ customer: customer.id, items: [{ price: catalog.pro.id }], metadata }));
      await stripe.subscriptions.cancel(canceled.id);
      const coupon = t.track(await stripe.coupons.create({ percent_off: 10, duration: 'once', metadata }));
      const code = t.track(await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, metadata }));
      const checkout = t.track(
        await stripe.checkout.sessions.create({
          mode: 'subscription',
          line_items: [{ price: catalog.basic.id, quantity: 1 }],
          success_url: 'https://example.com/welcome',
          metadata,
        }),
      );
      const endpoint = t.track(
        await stripe.webhookEndpoints.create({
          url: `https://example.com/contract/${t.runId}`,
          enabled_events: ['customer.updated'],
          metadata,
        }),
      );

      const report = await t.cleanUp();
      expect(report.failures).toEqual([]);
      const deletes = name === 'stripe';
      expect(report.done).toEqual([
        '1 checkout.session expired',
        '1 subscription canceled',
        '1 billing_portal.configuration deactivated',
        '1 promotion_code deactivated',
        ...(deletes ? ['1 coupon deleted', '1 customer deleted'] : []),
        '3 price archived',
        '1 product archived',
        '1 webhook_endpoint deleted',
      ]);
      expect(report.left).toEqual(
        deletes
          ? []
          : [expect.stringMatching(/^1 coupon \(the emulator does not emulate deleting/), expect.stringMatching(/^1 customer \(/)],
      );

      expect((await stripe.checkout.sessions.retrieve(checkout.id)).status).toBe('expired');
      expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('canceled');
      expect((await stripe.billingPortal.configurations.retrieve(configuration.id)).active).toBe(false);
      expect((await stripe.promotionCodes.retrieve(code.id)).active).toBe(false);
      for (const price of [catalog.basic, catalog.pro, catalog.yearly]) expect((await stripe.prices.retrieve(price.id)).active).toBe(false);
      expect((await stripe.products.retrieve(catalog.product.id)).active).toBe(false);
      const n = t.normaliser();
      expect(await rejection(t, n, stripe.webhookEndpoints.retrieve(endpoint.id))).toMatchObject({ code: 'resource_missing' });
      if (deletes) {
        expect(await rejection(t, n, stripe.coupons.retrieve(coupon.id))).toMatchObject({ code: 'resource_missing' });
        expect(await stripe.customers.retrieve(customer.id)).toMatchObject({ id: customer.id, deleted: true });
      }

      expect(await t.cleanUp()).toEqual({ done: [], left: [], failures: [] });
    });
  });
}
