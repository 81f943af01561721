// Samples of ours and the floor taken in blocks that alternate between the two (ours first in
// even rounds, the floor first in odd ones), so that the machine's noise falls on both alike;
// each block's Stripe calls are counted on their own, from the emulator's request log.

export type Side = 'ours' | 'floor';
export const sides: Side[] = ['ours', 'floor'];

export interface Measured<T> {
  samples: T[];
  stripeCalls: number;
}

const blockSize = (concurrency: number) => (concurrency === 1 ? 10 : 5 * concurrency);

async function clearStripeLog(emulatorUrl: string) {
  // The emulator's controls take writes as JSON only (packages/stripe-emulator/src/control-guard.ts).
  await fetch(`${emulatorUrl}/_emulator/requests`, { method: 'DELETE', headers: { 'content-type': 'application/json' }, body: '{}' });
}

async function stripeCalls(emulatorUrl: string): Promise<number> {
  const log = (await (await fetch(`${emulatorUrl}/_emulator/requests`)).json()) as { total: number };
  return log.total;
}

/** `count` samples, `concurrency` in flight at a time. */
async function block<T>(sample: () => Promise<T>, count: number, concurrency: number): Promise<T[]> {
  const samples: T[] = [];
  let started = 0;
  const worker = async () => {
    while (started < count) {
      started += 1;
      samples.push(await sample());
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return samples;
}

/** `total` samples of each side, in alternating blocks, with the Stripe calls each side made. */
export async function alternate<T>(
  emulatorUrl: string,
  sample: Record<Side, () => Promise<T>>,
  total: number,
  concurrency: number,
): Promise<Record<Side, Measured<T>>> {
  const result: Record<Side, Measured<T>> = { ours: { samples: [], stripeCalls: 0 }, floor: { samples: [], stripeCalls: 0 } };
  for (let round = 0, done = 0; done < total; round++) {
    const size = Math.min(blockSize(concurrency), total - done);
    for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
      await clearStripeLog(emulatorUrl);
      result[side].samples.push(...(await block(sample[side], size, concurrency)));
      result[side].stripeCalls += await stripeCalls(emulatorUrl);
    }
    done += size;
  }
  return result;
}
