// The table `npm run bench` prints: clicks and renders (p50/p95/p99, ours ÷ floor), first-load
// JavaScript, Stripe calls per render and per click, and whether the acceptance targets are met.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { sides, type Measured, type Side } from './alternate';
import type { FirstLoadJs } from './first-load-js';
import { percentile } from './stats';

export interface AccountBenchResults {
  database: 'pglite' | 'postgres';
  warmup: number;
  iterations: number;
  renders: Record<Side, Measured<{ ttfb: number; total: number }>>;
  /** Click samples by concurrency. */
  clicks: Map<number, Record<Side, Measured<number>>>;
  js: Record<Side, FirstLoadJs>;
}

const require = createRequire(import.meta.url);
const nextVersion = (JSON.parse(readFileSync(require.resolve('next/package.json'), 'utf8')) as { version: string }).version;

const ms = (n: number) => n.toFixed(1).padStart(8);
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`.padStart(8);
const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const row = (label: string, cells: string[]) => console.log(`${label.padEnd(38)}${cells.join('')}`);

function percentileRows(label: string, measured: Record<Side, number[]>, ps: number[]) {
  const at = (side: Side) => ps.map((p) => percentile(measured[side], p));
  const [ours, floor] = [at('ours'), at('floor')];
  row(`${label}  ours`, ours.map(ms));
  row(`${''.padEnd(label.length)}  floor`, floor.map(ms));
  row(
    `${''.padEnd(label.length)}  ours ÷ floor`,
    ours.map((value, i) => ratio(value, floor[i] ?? NaN)),
  );
}

export function printAccountReport({ database, warmup, iterations, renders, clicks, js }: AccountBenchResults) {
  const concurrencies = [...clicks.keys()];
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  console.log(
    `\nPortal Flows bench — ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${cpu}, Node ${process.version}, Next.js ${nextVersion}`,
  );
  console.log(
    `Ours on ${database === 'pglite' ? 'PGlite (embedded, the default)' : 'PostgreSQL (a local server)'}. ${warmup} warm-up and ${iterations} measured samples per side and row; ours and the floor alternate in blocks. Times in ms.\n`,
  );
  row('click "Update card" (no JS)', ['     p50', '     p95', '     p99']);
  for (const [concurrency, measured] of clicks) {
    percentileRows(
      `  concurrency ${String(concurrency).padEnd(2)}`,
      { ours: measured.ours.samples, floor: measured.floor.samples },
      [50, 95, 99],
    );
  }
  const ttfb = { ours: renders.ours.samples.map((s) => s.ttfb), floor: renders.floor.samples.map((s) => s.ttfb) };
  const whole = { ours: renders.ours.samples.map((s) => s.total), floor: renders.floor.samples.map((s) => s.total) };
  console.log('');
  row('GET /account (ours signed in)', ['     p50', '     p95', '     p99']);
  percentileRows('  time to first byte', ttfb, [50, 95, 99]);
  percentileRows('  whole document    ', whole, [50, 95, 99]);

  console.log('\nfirst-load JavaScript of /account (gzip)');
  for (const side of sides) {
    console.log(
      `  ${side.padEnd(6)} ${kB(js[side].gzipBytes).padStart(9)} in ${js[side].chunks.length} chunks (HTML document: ${kB(js[side].htmlGzipBytes)})`,
    );
  }
  const jsRatio = js.ours.gzipBytes / js.floor.gzipBytes;
  const jsDifference = js.ours.gzipBytes - js.floor.gzipBytes;
  console.log(`  ours ÷ floor ${jsRatio.toFixed(3)}× (${jsDifference >= 0 ? '+' : ''}${kB(jsDifference)})`);
  // Chunk names are content hashes and each app numbers its modules itself, so the same
  // framework code has different names in the two builds: listed by size to compare.
  for (const side of sides) {
    const chunks = [...js[side].chunks].sort((a, b) => b.gzipBytes - a.gzipBytes);
    console.log(
      `  ${side} chunks: ${chunks.map((chunk) => `${chunk.src.replace('/_next/static/chunks/', '')} ${kB(chunk.gzipBytes)}`).join(', ')}`,
    );
  }
  console.log('\nStripe calls');
  const perClick = (side: Side) => {
    const all = [...clicks.values()].map((measured) => measured[side]);
    const calls = all.reduce((sum, measured) => sum + measured.stripeCalls, 0);
    const count = all.reduce((sum, measured) => sum + measured.samples.length, 0);
    return `${(calls / count).toFixed(2)} (${calls} in ${count})`;
  };
  for (const side of sides) {
    const r = renders[side];
    console.log(
      `  ${side.padEnd(6)} per render ${(r.stripeCalls / r.samples.length).toFixed(2)} (${r.stripeCalls} in ${r.samples.length}), per click ${perClick(side)}`,
    );
  }

  const clickP50 = concurrencies.map((concurrency) => {
    const measured = clicks.get(concurrency);
    return measured ? percentile(measured.ours.samples, 50) / percentile(measured.floor.samples, 50) : NaN;
  });
  console.log('\nacceptance');
  console.log(
    `  click within 1.5× of the floor at p50: ${clickP50.every((r) => r <= 1.5) ? 'yes' : 'NO'} (${concurrencies.map((c, i) => `concurrency ${c}: ${clickP50[i]?.toFixed(2)}×`).join(', ')})`,
  );
  console.log(`  first-load JS within 10% of the floor: ${jsRatio <= 1.1 ? 'yes' : 'NO'} (${jsRatio.toFixed(3)}×)`);
}
