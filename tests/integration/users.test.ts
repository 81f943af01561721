import { describe, expect, it } from 'vitest';
import {
  bumpSessionVersion,
  findCustomerByUserId,
  findSessionVersion,
  findUserByEmail,
  findUserById,
  findUserWithCustomer,
  upsertUserByEmail,
} from '@/lib/db/queries';
import { customers } from '@/lib/db/schema';
import { testDatabaseForFile, uniqueEmail } from '../support/database';

const handle = await testDatabaseForFile();

describe('user queries', () => {
  it('creates a user once however many sign-ins race', async () => {
    const email = uniqueEmail('race');
    const results = await Promise.all(Array.from({ length: 8 }, () => upsertUserByEmail(handle.db, email)));
    expect(new Set(results.map((user) => user.id)).size).toBe(1);
    expect((await findUserByEmail(handle.db, email))?.id).toBe(results[0]?.id);
  });

  it('returns null for unknown users and customers', async () => {
    expect(await findUserById(handle.db, 'no-such-user')).toBeNull();
    expect(await findUserByEmail(handle.db, uniqueEmail('nobody'))).toBeNull();
    const user = await upsertUserByEmail(handle.db, uniqueEmail('no-customer'));
    expect(await findCustomerByUserId(handle.db, user.id)).toBeNull();
  });

  it('finds the Stripe customer of a user', async () => {
    const user = await upsertUserByEmail(handle.db, uniqueEmail('customer'));
    const stripeCustomerId = `cus_${user.id.slice(0, 8)}`;
    await handle.db.insert(customers).values({ userId: user.id, stripeCustomerId });
    expect(await findCustomerByUserId(handle.db, user.id)).toMatchObject({ userId: user.id, stripeCustomerId });
  });

  it('findUserWithCustomer: unknown → null; a user → their row with no customer, then the customer once mapped', async () => {
    expect(await findUserWithCustomer(handle.db, 'no-such-user')).toBeNull();
    const email = uniqueEmail('with-customer');
    const user = await upsertUserByEmail(handle.db, email);
    expect(await findUserWithCustomer(handle.db, user.id)).toEqual({ ...user, stripeCustomerId: null });
    const stripeCustomerId = `cus_${user.id.slice(0, 8)}w`;
    await handle.db.insert(customers).values({ userId: user.id, stripeCustomerId });
    expect(await findUserWithCustomer(handle.db, user.id)).toEqual({ ...user, stripeCustomerId });
    const other = await upsertUserByEmail(handle.db, uniqueEmail('other'));
    expect(await findUserWithCustomer(handle.db, other.id)).toMatchObject({ id: other.id, stripeCustomerId: null });
  });

  it('session version: 0 for a new user, bumped by one per sign-out, and only for that user', async () => {
    const user = await upsertUserByEmail(handle.db, uniqueEmail('signs-out'));
    const other = await upsertUserByEmail(handle.db, uniqueEmail('stays'));
    expect(await findSessionVersion(handle.db, user.id)).toBe(0);
    await bumpSessionVersion(handle.db, user.id);
    await bumpSessionVersion(handle.db, user.id);
    expect(await findSessionVersion(handle.db, user.id)).toBe(2);
    expect((await findUserWithCustomer(handle.db, user.id))?.sessionVersion).toBe(2);
    expect(await findSessionVersion(handle.db, other.id)).toBe(0);
    expect(await findSessionVersion(handle.db, 'no-such-user')).toBeNull();
  });
});
