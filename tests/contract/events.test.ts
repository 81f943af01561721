import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { eventsAbout, eventually, rejection } from './fixtures';
import { contractTargets, useTarget } from './target';

// Events after a change: listed newest first (by type, wildcard, several types, creation time),
// retrieved by id, each with the object as it was and the attributes the change replaced. The
// app's catch-up and its webhook handler read exactly these.

for (const name of contractTargets()) {
  describe(`${name}: events`, () => {
    const target = useTarget(name);

    it('record each change with the object as it was and the previous attributes', async () => {
      const t = target();
      const customer = t.track(await t.stripe.customers.create({ email: `events+${t.runId}@example.com`, metadata: t.metadata }));
      await t.stripe.customers.update(customer.id, { name: 'First' });
      await t.stripe.customers.update(customer.id, { name: 'Second' });

      // Matched by name, not by position: two events in the same second may be listed in either order.
      const updates = async () => {
        const events = await eventsAbout(t, customer.id, 'customer.updated');
        const named = (name: string) => events.find((event) => (event.data.object as Stripe.Customer).name === name);
        return { first: named('First'), second: named('Second'), count: events.length };
      };
      await expect.poll(async () => (await updates()).count, eventually(t)).toBe(2);
      const { first, second } = await updates();
      expect(first?.data.previous_attributes).toEqual({ name: null });
      expect(second?.data.previous_attributes).toEqual({ name: 'First' });

      const retrieved = await t.stripe.events.retrieve(second!.id);
      const n = t.normaliser({ customer: customer.id, event: second!.id });
      expect(n.normalise(retrieved)).toMatchObject({
        id: '<event>',
        object: 'event',
        type: 'customer.updated',
        livemode: false,
        created: 'now',
        api_version: '<api version>',
        data: {
          object: {
            id: '<customer>',
            object: 'customer',
            name: 'Second',
            email: 'events+<run>@example.com',
            metadata: { contract_run: '<run>' },
          },
          previous_attributes: { name: 'First' },
        },
        request: { id: expect.stringMatching(/^<req_\d+>$/) },
      });
    });

    it('filter by type, with a wildcard or several types, and by creation time', async () => {
      const t = target();
      const customer = t.track(await t.stripe.customers.create({ metadata: t.metadata }));
      await t.stripe.customers.update(customer.id, { name: 'Renamed' });
      // Sorted: two events in the same second may be listed in either order.
      const mine = (events: Stripe.ApiList<Stripe.Event>) =>
        events.data
          .filter((event) => (event.data.object as { id?: string }).id === customer.id)
          .map((event) => event.type)
          .sort();

      await expect
        .poll(async () => mine(await t.stripe.events.list({ type: 'customer.*', limit: 100 })), eventually(t))
        .toEqual(['customer.created', 'customer.updated']);
      const wildcard = await t.stripe.events.list({ type: 'customer.*', limit: 100 });
      expect(wildcard.data.every((event) => event.type.startsWith('customer.'))).toBe(true);

      expect(mine(await t.stripe.events.list({ types: ['customer.created', 'customer.updated'], limit: 100 }))).toEqual([
        'customer.created',
        'customer.updated',
      ]);
      const since = await t.stripe.events.list({ created: { gte: customer.created }, limit: 100 });
      expect(mine(since)).toEqual(['customer.created', 'customer.updated']);
      expect(since.data.every((event, index) => index === 0 || event.created <= since.data[index - 1]!.created)).toBe(true);
    });

    it('answer resource_missing for an unknown id', async () => {
      const t = target();
      expect(await rejection(t, t.normaliser(), t.stripe.events.retrieve('evt_missing'))).toMatchObject({
        type: 'invalid_request_error',
        code: 'resource_missing',
        message: "No such event: 'evt_missing'",
      });
    });
  });
}
