import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { addCustomDomain, findCustomDomainsByUser, removeCustomDomain, upsertUserByEmail } from '@/lib/db/queries';
import { users } from '@/lib/db/schema';
import { testDatabaseForFile, uniqueEmail } from '../support/database';

// The custom domains of /account/domains, on the real database: added once, within a limit,
// removed only by their owner, and gone with the user.

const handle = await testDatabaseForFile();

describe('custom domain queries', () => {
  const newUser = async (label: string) => (await upsertUserByEmail(handle.db, uniqueEmail(label))).id;
  const hostnames = async (userId: string) => (await findCustomDomainsByUser(handle.db, userId)).map((domain) => domain.hostname);

  it('adds a domain and lists the user’s domains, oldest first, and no one else’s', async () => {
    const ada = await newUser('ada');
    const bob = await newUser('bob');
    expect(await findCustomDomainsByUser(handle.db, ada)).toEqual([]);
    const first = await addCustomDomain(handle.db, ada, 'app.example.com', 5);
    expect(first).toEqual({ domain: expect.objectContaining({ userId: ada, hostname: 'app.example.com' }) });
    await addCustomDomain(handle.db, ada, 'docs.example.com', 5);
    await addCustomDomain(handle.db, bob, 'bob.example.org', 5);
    expect(await hostnames(ada)).toEqual(['app.example.com', 'docs.example.com']);
    expect(await hostnames(bob)).toEqual(['bob.example.org']);
  });

  it('refuses a duplicate for the same user, stores nothing, but lets another user have the same name', async () => {
    const ada = await newUser('dup-ada');
    const bob = await newUser('dup-bob');
    expect(await addCustomDomain(handle.db, ada, 'shared.example.com', 5)).toHaveProperty('domain');
    expect(await addCustomDomain(handle.db, ada, 'shared.example.com', 5)).toEqual({ refused: 'duplicate' });
    expect(await hostnames(ada)).toEqual(['shared.example.com']);
    expect(await addCustomDomain(handle.db, bob, 'shared.example.com', 5)).toHaveProperty('domain');
  });

  it('refuses past the limit, even when several adds race, and a duplicate at the limit says duplicate', async () => {
    const ada = await newUser('limit');
    for (const name of ['a', 'b', 'c']) expect(await addCustomDomain(handle.db, ada, `${name}.example.com`, 5)).toHaveProperty('domain');
    const racing = await Promise.all(['d', 'e', 'f', 'g'].map((name) => addCustomDomain(handle.db, ada, `${name}.example.com`, 5)));
    expect(racing.filter((result) => 'domain' in result)).toHaveLength(2);
    expect(racing.filter((result) => 'refused' in result && result.refused === 'limit')).toHaveLength(2);
    expect(await hostnames(ada)).toHaveLength(5);
    expect(await addCustomDomain(handle.db, ada, 'h.example.com', 5)).toEqual({ refused: 'limit' });
    expect(await addCustomDomain(handle.db, ada, 'a.example.com', 5)).toEqual({ refused: 'duplicate' });
    expect(await hostnames(ada)).toHaveLength(5);
  });

  it('removes only the user’s own domain: another user’s id looks unknown and stays', async () => {
    const ada = await newUser('remove-ada');
    const eve = await newUser('remove-eve');
    const added = await addCustomDomain(handle.db, ada, 'keep.example.com', 5);
    if (!('domain' in added)) throw new Error('not added');
    expect(await removeCustomDomain(handle.db, eve, added.domain.id)).toBeNull();
    expect(await hostnames(ada)).toEqual(['keep.example.com']);
    expect(await removeCustomDomain(handle.db, ada, crypto.randomUUID())).toBeNull();
    expect(await removeCustomDomain(handle.db, ada, added.domain.id)).toEqual(added.domain);
    expect(await hostnames(ada)).toEqual([]);
    expect(await removeCustomDomain(handle.db, ada, added.domain.id)).toBeNull();
  });

  it('a user’s domains go with the user', async () => {
    const ada = await newUser('cascade');
    await addCustomDomain(handle.db, ada, 'gone.example.com', 5);
    await handle.db.delete(users).where(eq(users.id, ada));
    expect(await findCustomDomainsByUser(handle.db, ada)).toEqual([]);
  });
});
