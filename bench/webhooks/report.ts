import type { DeliveryResult } from '../../tests/support/webhook-burst';
import { percentile } from '../stats';
import type { QueueSample } from './fire';

/** The figures `npm run bench:webhooks` prints, and the issue's acceptance for each. */
export interface WebhookBenchFigures {
  header: string;
  settings: string;
  ours: { results: DeliveryResult[]; seconds: number };
  floor: { results: DeliveryResult[]; seconds: number };
  customersTouched: number;
  stripeCalls: number;
  /** Stripe calls by route, e.g. `GET /v1/customers/:id`. */
  callsByRoute: Record<string, number>;
  rateLimited: number;
  rateLimit: number;
  appBudget: number;
  drainSeconds: number;
  samples: QueueSample[];
  syncedCustomers: number;
  comparison: { customers: number; subscriptions: number; differences: string[] };
  distinctEvents: number;
  recordedEvents: number;
  failedJobs: number;
}

const TODAY = { throughput: 70, p95: 361.2, p99: 545.2, p50: 98.6 };

/** Prints the table; returns whether every acceptance figure was met. */
export function printReport(figures: WebhookBenchFigures, log: (line: string) => void = console.log): boolean {
  const { ours, floor } = figures;
  const rate = (side: { results: DeliveryResult[]; seconds: number }) => side.results.length / side.seconds;
  const latency = (side: { results: DeliveryResult[] }, p: number) =>
    percentile(
      side.results.map((result) => result.ms),
      p,
    );
  const non200 = (side: { results: DeliveryResult[] }) => side.results.filter((result) => result.status !== 200).length;
  const n = (value: number, digits = 0) => value.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  const row = (cells: string[]) =>
    log(
      `${cells[0]!.padEnd(34)}${cells
        .slice(1)
        .map((cell) => cell.padStart(14))
        .join('')}`,
    );
  const verdict = (ok: boolean) => (ok ? 'yes' : 'NO');

  const throughputRatio = rate(ours) / rate(floor);
  const p95Ratio = latency(ours, 95) / latency(floor, 95);
  const budget = 3 * figures.customersTouched;
  const ideal = figures.stripeCalls / figures.rateLimit;
  const drainRatio = figures.drainSeconds / ideal;
  const lost = figures.distinctEvents - figures.recordedEvents;
  const checks = {
    throughput: throughputRatio >= 0.5,
    p95: p95Ratio <= 2,
    calls: figures.stripeCalls <= budget,
    drain: drainRatio <= 1.3,
    equal: figures.comparison.differences.length === 0,
    lost: lost === 0 && non200(ours) === 0 && figures.failedJobs === 0,
  };

  log(`\n${figures.header}`);
  log(figures.settings);
  log('');
  row(['acknowledgements', 'ours', 'floor', 'ours ÷ floor', 'today']);
  row(['  throughput (deliveries/s)', n(rate(ours)), n(rate(floor)), ratio(rate(ours), rate(floor)), n(TODAY.throughput)]);
  for (const p of [50, 95, 99] as const) {
    row([
      `  p${p} latency (ms)`,
      n(latency(ours, p), 1),
      n(latency(floor, p), 1),
      ratio(latency(ours, p), latency(floor, p)),
      n(TODAY[`p${p}`], 1),
    ]);
  }
  row(['  non-200 answers', n(non200(ours)), n(non200(floor)), '', '0']);
  row(['  time for all deliveries (s)', n(ours.seconds, 1), n(floor.seconds, 1), '', '']);

  log('');
  log('Stripe (the emulator’s request log, during ours’ run and the drain)');
  log(
    `  calls                             ${n(figures.stripeCalls)} for ${n(figures.customersTouched)} customers touched: ${(figures.stripeCalls / figures.customersTouched).toFixed(2)} per customer (budget 3 × customers = ${n(budget)})`,
  );
  log(
    `  by route                          ${Object.entries(figures.callsByRoute)
      .sort((a, b) => b[1] - a[1])
      .map(([route, count]) => `${route} ${n(count)}`)
      .join(', ')}`,
  );
  log(
    `  429 rate_limit answers            ${n(figures.rateLimited)} (emulator limit ${figures.rateLimit}/s, the app's budget ${figures.appBudget}/s)`,
  );
  log(`  customers synced                  ${n(figures.syncedCustomers)} of ${n(figures.customersTouched)}`);

  log('');
  log('queue');
  log(
    `  drained after                     ${n(figures.drainSeconds, 1)} s (ours' first delivery to the last sync's end) vs calls ÷ rate limit = ${n(ideal, 1)} s: ${drainRatio.toFixed(2)}× (bound 1.3×)`,
  );
  const peak = figures.samples.reduce((max, sample) => Math.max(max, sample.queued), 0);
  const oldest = figures.samples.reduce((max, sample) => Math.max(max, sample.oldestQueuedSeconds ?? 0), 0);
  log(
    `  depth                             peak ${n(peak)} queued; oldest waiting job peaked at ${n(oldest, 1)} s; ${n(figures.failedJobs)} failed`,
  );
  const every = Math.max(1, Math.ceil(figures.samples.length / 12));
  log(
    `  sampled                           ${figures.samples
      .filter((_, index) => index % every === 0)
      .map((sample) => `${n(sample.at)} s: ${n(sample.queued)} q/${sample.active} a/${n(sample.oldestQueuedSeconds ?? 0)} s`)
      .join(' · ')}`,
  );

  log('');
  log(
    `database = Stripe afterwards        ${verdict(checks.equal)} (${n(figures.comparison.customers)} customers, ${n(figures.comparison.subscriptions)} subscriptions${checks.equal ? '' : `, ${figures.comparison.differences.length} differ`})`,
  );
  for (const difference of figures.comparison.differences.slice(0, 5)) log(`  ${difference}`);
  log(
    `events recorded                     ${n(figures.recordedEvents)} of ${n(figures.distinctEvents)} distinct, each once; lost ${n(Math.max(0, lost))}`,
  );

  log('');
  log('acceptance (issue 14)');
  log(`  throughput ≥ 0.5× the floor's     ${verdict(checks.throughput)} (${throughputRatio.toFixed(2)}×)`);
  log(`  p95 within 2× of the floor's      ${verdict(checks.p95)} (${p95Ratio.toFixed(2)}×)`);
  log(`  Stripe calls ≤ 3 × customers      ${verdict(checks.calls)} (${n(figures.stripeCalls)} ≤ ${n(budget)})`);
  log(`  drained within 1.3× calls ÷ limit ${verdict(checks.drain)} (${drainRatio.toFixed(2)}×)`);
  log(`  database equals Stripe            ${verdict(checks.equal)}`);
  log(`  zero lost                         ${verdict(checks.lost)}`);
  return Object.values(checks).every(Boolean);
}
