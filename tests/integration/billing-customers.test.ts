import { describe, expect, it } from 'vitest';
import { ensureStripeCustomer, updatePreferredLocale } from '@/lib/billing/customers';
import { findCustomerByUserId, upsertUserByEmail } from '@/lib/db/queries';
import { uniqueEmail } from '../support/database';
import { billingWorldFor, customerRows } from '../support/billing';

// ensureStripeCustomer: exactly one Stripe customer per user, however many requests race.

describe('ensureStripeCustomer', () => {
  const world = billingWorldFor({ apply: false });

  async function signUp(label: string) {
    const email = uniqueEmail(label);
    return { email, user: await upsertUserByEmail(world.db, email) };
  }

  it('a first call → creates a Stripe customer with the user’s e-mail, name and id, and maps it in customers', async () => {
    const { email, user } = await signUp('first');
    const customerId = await ensureStripeCustomer(world.db, world.stripe, { id: user.id, email, name: 'Ada Lovelace' });
    expect(await world.stripe.customers.retrieve(customerId)).toMatchObject({
      email,
      name: 'Ada Lovelace',
      metadata: { portal_flows_user_id: user.id },
    });
    expect(await findCustomerByUserId(world.db, user.id)).toMatchObject({ userId: user.id, stripeCustomerId: customerId });
  });

  it('5 concurrent calls for one user → one Stripe customer and one customers row, the same id for every caller', async () => {
    const { email, user } = await signUp('race');
    const ids = await Promise.all(Array.from({ length: 5 }, () => ensureStripeCustomer(world.db, world.stripe, { id: user.id, email })));
    expect(new Set(ids).size).toBe(1);
    const listed = await world.stripe.customers.list({ email, limit: 100 });
    expect(listed.data.map((customer) => customer.id)).toEqual([ids[0]]);
    expect(await customerRows(world.db, user.id)).toEqual([expect.objectContaining({ stripeCustomerId: ids[0] })]);
  });

  it('a later call for a mapped user → the stored id, without asking Stripe to create anything', async () => {
    const { email, user } = await signUp('again');
    const first = await ensureStripeCustomer(world.db, world.stripe, { id: user.id, email });
    await world.harness.control('DELETE', '/_emulator/requests');
    expect(await ensureStripeCustomer(world.db, world.stripe, { id: user.id, email })).toBe(first);
    const summary = (await world.harness.control('GET', '/_emulator/requests')) as { total: number };
    expect(summary.total).toBe(0);
  });

  it('a second user → a different Stripe customer', async () => {
    const ada = await signUp('ada');
    const bob = await signUp('bob');
    const [adaCustomer, bobCustomer] = await Promise.all([
      ensureStripeCustomer(world.db, world.stripe, { id: ada.user.id, email: ada.email }),
      ensureStripeCustomer(world.db, world.stripe, { id: bob.user.id, email: bob.email }),
    ]);
    expect(adaCustomer).not.toBe(bobCustomer);
    expect((await world.stripe.customers.list({ email: bob.email })).data.map((customer) => customer.id)).toEqual([bobCustomer]);
    expect(await findCustomerByUserId(world.db, bob.user.id)).toMatchObject({ stripeCustomerId: bobCustomer });
  });

  it('a user without an e-mail → a customer without one', async () => {
    const { user } = await signUp('no-email');
    const customerId = await ensureStripeCustomer(world.db, world.stripe, { id: user.id, email: null });
    expect(await world.stripe.customers.retrieve(customerId)).toMatchObject({ email: null });
  });

  it('created in the customer’s language → preferred_locales, which a later change of language updates', async () => {
    const { email, user } = await signUp('french');
    const customerId = await ensureStripeCustomer(world.db, world.stripe, { id: user.id, email }, { locale: 'fr' });
    expect(await world.stripe.customers.retrieve(customerId)).toMatchObject({ preferred_locales: ['fr'] });
    await updatePreferredLocale(world.stripe, customerId, 'en');
    expect(await world.stripe.customers.retrieve(customerId)).toMatchObject({ preferred_locales: ['en'] });
  });

  it('no language given → Stripe’s default (no preferred_locales)', async () => {
    const { email, user } = await signUp('no-language');
    const customerId = await ensureStripeCustomer(world.db, world.stripe, { id: user.id, email });
    expect(await world.stripe.customers.retrieve(customerId)).toMatchObject({ preferred_locales: [] });
  });
});
