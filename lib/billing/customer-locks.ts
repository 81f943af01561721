import type { DatabaseHandle } from '@/lib/db/client';

/**
 * "Only one sync of a customer at a time", across every process that runs syncs. On PostgreSQL a
 * session-level advisory lock, taken on a connection of its own and released with it, so a worker
 * that dies releases its locks with its connection. On PGlite, which only one process can open, a
 * set in that process.
 */
export interface CustomerLocks {
  /** Takes the customer's lock if it is free: a function that releases it, or null when it is held. */
  tryLock(stripeCustomerId: string): Promise<(() => Promise<void>) | null>;
}

const held = new WeakMap<object, Set<string>>();

export function customerLocks(handle: DatabaseHandle): CustomerLocks {
  if (handle.kind === 'pglite') {
    let locked = held.get(handle.client);
    if (!locked) held.set(handle.client, (locked = new Set()));
    const set = locked;
    return {
      async tryLock(id) {
        if (set.has(id)) return null;
        set.add(id);
        return async () => {
          set.delete(id);
        };
      },
    };
  }
  const { client } = handle;
  return {
    async tryLock(id) {
      const connection = await client.reserve();
      try {
        const [row] = await connection<{ locked: boolean }[]>`
          select pg_try_advisory_lock(hashtextextended(${`portal-flows:sync:${id}`}, 0)) as locked`;
        if (!row?.locked) {
          connection.release();
          return null;
        }
      } catch (error) {
        connection.release();
        throw error;
      }
      return async () => {
        try {
          await connection`select pg_advisory_unlock(hashtextextended(${`portal-flows:sync:${id}`}, 0))`;
        } finally {
          connection.release();
        }
      };
    },
  };
}
