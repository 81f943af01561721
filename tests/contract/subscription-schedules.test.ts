import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { catalogFor, eventsAbout, eventually, subscribedCustomer } from './fixtures';
import { contractTargets, useTarget } from './target';

// Subscription schedules made from the API, as a forker's own code makes a downgrade at the
// period's end: a schedule taken over from a subscription, its phases updated, then released.

for (const name of contractTargets()) {
  describe(`${name}: subscription schedules`, () => {
    const target = useTarget(name);
    const catalog = catalogFor(target);

    it('take a subscription over, hold a downgrade for the period end, and let it go on release', async () => {
      const t = target();
      const { customer, subscription } = await subscribedCustomer(t, catalog.pro);
      const n = t.normaliser({ customer: customer.id, subscription: subscription.id, basic: catalog.basic.id, pro: catalog.pro.id });

      const created = await t.stripe.subscriptionSchedules.create({ from_subscription: subscription.id });
      n.name('schedule', created.id);
      expect(n.normalise(created)).toMatchObject({
        id: '<schedule>',
        object: 'subscription_schedule',
        status: 'active',
        end_behavior: 'release',
        customer: '<customer>',
        subscription: '<subscription>',
        current_phase: { start_date: 'now', end_date: 'now+1mo' },
        phases: [{ start_date: 'now', end_date: 'now+1mo', items: [{ price: '<pro>', quantity: 1 }] }],
      });
      expect((await t.stripe.subscriptions.retrieve(subscription.id)).schedule).toBe(created.id);

      const [current] = created.phases as [Stripe.SubscriptionSchedule.Phase];
      const updated = await t.stripe.subscriptionSchedules.update(created.id, {
        phases: [
          { items: [{ price: catalog.pro.id, quantity: 1 }], start_date: current.start_date, end_date: current.end_date },
          { items: [{ price: catalog.basic.id, quantity: 1 }], duration: { interval: 'month', interval_count: 1 } },
        ],
      });
      expect(n.normalise(updated)).toMatchObject({
        status: 'active',
        current_phase: { start_date: 'now', end_date: 'now+1mo' },
        phases: [
          { start_date: 'now', end_date: 'now+1mo', items: [{ price: '<pro>', quantity: 1 }] },
          { start_date: 'now+1mo', end_date: 'now+2mo', items: [{ price: '<basic>', quantity: 1 }] },
        ],
      });
      await expect
        .poll(async () => (await eventsAbout(t, created.id)).map((event) => event.type), eventually(t))
        .toEqual(['subscription_schedule.created', 'subscription_schedule.updated']);

      const released = await t.stripe.subscriptionSchedules.release(created.id);
      expect(n.normalise(released)).toMatchObject({
        status: 'released',
        released_at: 'now',
        released_subscription: '<subscription>',
        subscription: null,
      });
      const kept = await t.stripe.subscriptions.retrieve(subscription.id);
      expect(kept.schedule).toBeNull();
      expect(kept.items.data.map((item) => item.price.id)).toEqual([catalog.pro.id]);
    });
  });
}
