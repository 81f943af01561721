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
  seconds: number;
  /** performance.now() when the first delivery was sent. */
  startedAt: number;
}

/**
 * Signs each event as Stripe signs it (just before firing, as the signature's timestamp must be
 * recent) and posts them to `url`, `concurrency` in flight, with a progress line every 5 s.
 */
export async function fire(
  label: string,
  url: string,
  events: readonly Stripe.Event[],
  options: { stripe: Stripe; secret: string; concurrency: number; log: (line: string) => void; progress?: () => Promise<string> },
): Promise<Fired> {
  const deliveries = events.map((event) => signedDelivery(options.stripe, event, options.secret));
  let done = 0;
  const startedAt = performance.now();
  const timer = setInterval(() => {
    const seconds = (performance.now() - startedAt) / 1000;
    void (options.progress?.() ?? Promise.resolve('')).then((extra) =>
      options.log(`  ${label}: ${done.toLocaleString('en')} of ${deliveries.length.toLocaleString('en')} delivered, ${(done / seconds).toFixed(0)}/s${extra ? ` · ${extra}` : ''}`),
    );
  }, 5000);
  try {
    const results = await pool(
      deliveries.map((delivery) => async () => {
        const result = await deliver(url, delivery);
        done += 1;
        return result;
      }),
      options.concurrency,
    );
    return { results, seconds: (performance.now() - startedAt) / 1000, startedAt };
  } finally {
    clearInterval(timer);
  }
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
