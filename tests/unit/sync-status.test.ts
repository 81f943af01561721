import { describe, expect, it } from 'vitest';
import { describeSyncStatus, type SyncQueueStatus } from '@/lib/billing/sync-queue';

const now = new Date('2026-11-30T12:00:00.000Z');
const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000);

function status(overrides: Partial<SyncQueueStatus> = {}): SyncQueueStatus {
  return {
    queued: 0,
    retrying: 0,
    active: 0,
    failed: 0,
    oldestQueuedSeconds: null,
    customers: { total: 3, neverSynced: 0, newestSync: minutesAgo(0.5), oldestSync: minutesAgo(41) },
    ...overrides,
  };
}

describe('describeSyncStatus', () => {
  it('an idle queue: nothing waiting, and how fresh customers are', () => {
    expect(describeSyncStatus(status(), now)).toBe('0 queued, 0 active, 0 failed · 3 customers: last sync 30.0 s ago, stalest 41 min ago');
  });

  it('a busy queue: how many wait, how long the oldest has, retries, failures and customers never synced', () => {
    const busy = status({
      queued: 12,
      retrying: 2,
      active: 4,
      failed: 1,
      oldestQueuedSeconds: 3.44,
      customers: { total: 1000, neverSynced: 3, newestSync: minutesAgo(0.01), oldestSync: minutesAgo(60 * 30) },
    });
    expect(describeSyncStatus(busy, now)).toBe(
      '12 queued (oldest 3.4 s, 2 retrying), 4 active, 1 failed · 1000 customers: last sync 0.6 s ago, stalest 30.0 h ago, 3 never synced',
    );
  });

  it('no customer synced yet', () => {
    const fresh = status({ customers: { total: 2, neverSynced: 2, newestSync: null, oldestSync: null } });
    expect(describeSyncStatus(fresh, now)).toBe('0 queued, 0 active, 0 failed · 2 customers, none synced yet');
  });
});
