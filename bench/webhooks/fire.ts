import type Stripe from 'stripe';
import type { SyncQueue } from '../../lib/billing/sync-queue';
import { deliver, pool, signedDelivery, type DeliveryResult } from '../../tests/support/webhook-burst';

/** Every event `times` times, shuffled (Stripe retries and redelivers, and keeps no order). */
export function shuffledDeliveries(events: readonly Stripe.Event[], times: number): Stripe.Event[] {
  const all = Array.from({ length: times }, () => events).flat();
  for (let index = all.length - 1; index > 0; index--) {
    const other = Math.floor(Math.random() * (index + 1));
    [all[index], all[other]] = [all[other]!, all[index]!];
  }
  return all;
}

export interface Fired {
  results: DeliveryResult[];
  /** Time spent delivering (the side's own blocks only). */
  seconds: number;
}

type Side = 'ours' | 'floor';

/**
 * Posts `events` to both sides, each event once per side (signed as Stripe signs them, just
 * before each block, as a signature's timestamp must be recent), `concurrency` in flight, in
 * blocks of `blockSize` that alternate between the two (ours first in even rounds, the floor
 * first in odd ones), so that the shared machine's noise falls on both alike. `onRound` runs
 * after each round (progress lines).
 */
export async function fireAlternating(
  urls: Record<Side, string>,
  events: Record<Side, readonly Stripe.Event[]>,
  options: { stripe: Stripe; secret: string; concurrency: number; blockSize: number; onRound?: (done: number, total: number) => void },
): Promise<Record<Side, Fired>> {
  const fired: Record<Side, Fired> = { ours: { results: [], seconds: 0 }, floor: { results: [], seconds: 0 } };
  const total = Math.max(events.ours.length, events.floor.length);
  for (let round = 0, done = 0; done < total; round++) {
    const order: Side[] = round % 2 === 0 ? ['ours', 'floor'] : ['floor', 'ours'];
    for (const side of order) {
      const block = events[side].slice(done, done + options.blockSize);
      const deliveries = block.map((event) => signedDelivery(options.stripe, event, options.secret));
      const started = performance.now();
      fired[side].results.push(
        ...(await pool(
          deliveries.map((delivery) => () => deliver(urls[side], delivery)),
          options.concurrency,
        )),
      );
      fired[side].seconds += (performance.now() - started) / 1000;
    }
    done += options.blockSize;
    options.onRound?.(Math.min(done, total), total);
  }
  return fired;
}

export interface QueueSample {
  /** Seconds since ours' first delivery. */
  at: number;
  queued: number;
  active: number;
  oldestQueuedSeconds: number | null;
  stripeCalls: number;
}

/** Samples the queue's depth and oldest job's age, and Stripe calls so far, once a second. */
export function sampleQueue(queue: SyncQueue, stripeCalls: () => number, since: number) {
  const samples: QueueSample[] = [];
  let failure: unknown;
  /** A sample now; kept in `samples` when `keep` (the once-a-second ones). */
  const take = async (keep: boolean): Promise<QueueSample | undefined> => {
    try {
      const status = await queue.status();
      const sample = {
        at: (performance.now() - since) / 1000,
        queued: status.queued,
        active: status.active,
        oldestQueuedSeconds: status.oldestQueuedSeconds,
        stripeCalls: stripeCalls(),
      };
      if (keep) samples.push(sample);
      return sample;
    } catch (error) {
      failure = error;
      return undefined;
    }
  };
  const timer = setInterval(() => void take(true), 1000);
  return {
    samples,
    take: () => take(false),
    stop() {
      clearInterval(timer);
      if (failure) throw failure;
    },
  };
}

/** A line about the queue for progress output. */
export function describeQueue(sample: QueueSample | undefined): string {
  if (!sample) return 'queue: not sampled yet';
  const oldest = sample.oldestQueuedSeconds === null ? '' : ` (oldest ${sample.oldestQueuedSeconds.toFixed(1)} s)`;
  return `queue ${sample.queued} queued${oldest}, ${sample.active} active · ${sample.stripeCalls} Stripe calls`;
}
