// npm test — every suite in turn (the emulator's build, type checks, lint, format, unused code, unit, integration, emulator,
// commands, end-to-end), a table of results, and a closing `N passed, N failed` line summing them all.
//
//   npm test                         all suites (the two-instance suite only with DATABASE_URL)
//   npm test -- --suite integration  one suite (repeatable)
//   npm test -- --summary FILE       also write the totals as JSON (used by .ci/run)
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureChromium } from './lib/chromium';

interface Outcome {
  suite: string;
  passed: number;
  failed: number;
  skipped: number;
  seconds: number;
  /** Set when the runner died or reported nothing, which counts as a failure. */
  problem?: string;
}

interface Suite {
  name: string;
  /** Runs the suite; resolves to its counts. */
  run(reportFile: string): Promise<Omit<Outcome, 'suite' | 'seconds'>>;
}

const reportsDir = path.resolve('.data/test-reports');

function run(command: string, args: string[], env: Record<string, string> = {}) {
  return new Promise<number>((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    child.on('error', () => resolve(127));
  });
}

const bin = (name: string) => path.resolve('node_modules/.bin', name);

/** A check with no test count of its own (tsc, eslint) counts as one test. */
function check(name: string, command: string, args: string[]): Suite {
  return {
    name,
    async run() {
      const code = await run(command, args);
      return code === 0 ? { passed: 1, failed: 0, skipped: 0 } : { passed: 0, failed: 1, skipped: 0, problem: `exit ${code}` };
    },
  };
}

function vitest(project: string): Suite {
  return {
    name: project,
    async run(reportFile) {
      const code = await run(bin('vitest'), [
        'run',
        '--project',
        project,
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${reportFile}`,
      ]);
      const report = readJson<{ numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number }>(
        reportFile,
      );
      if (!report) return { passed: 0, failed: 1, skipped: 0, problem: `vitest exited ${code} without a report` };
      const failed = report.numFailedTests + (code !== 0 && report.numFailedTests === 0 ? 1 : 0);
      return {
        passed: report.numPassedTests,
        failed,
        skipped: report.numPendingTests + report.numTodoTests,
        problem: code !== 0 && report.numFailedTests === 0 ? `vitest exited ${code}` : undefined,
      };
    },
  };
}

function playwright(name: string, config: string | null, needs?: () => string | null): Suite {
  return {
    name,
    async run(reportFile) {
      const missing = needs?.();
      if (missing) return { passed: 0, failed: 1, skipped: 0, problem: missing };
      return runPlaywright(reportFile, config);
    },
  };
}

async function runPlaywright(reportFile: string, config: string | null): Promise<Omit<Outcome, 'suite' | 'seconds'>> {
  if (!ensureChromium(process.env.CHROMIUM_PATH)) return { passed: 0, failed: 1, skipped: 0, problem: 'no Chromium' };
  const code = await run(bin('playwright'), ['test', ...(config ? ['--config', config] : []), '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: reportFile,
  });
  const report = readJson<{ stats: { expected: number; unexpected: number; flaky: number; skipped: number } }>(reportFile);
  if (!report) return { passed: 0, failed: 1, skipped: 0, problem: `playwright exited ${code} without a report` };
  const { expected, unexpected, flaky, skipped } = report.stats;
  const failed = unexpected + (code !== 0 && unexpected === 0 ? 1 : 0);
  return {
    passed: expected + flaky,
    failed,
    skipped,
    problem: code !== 0 && unexpected === 0 ? `playwright exited ${code}` : undefined,
  };
}

// Two production instances on one PostgreSQL database (tests/instances): only where a
// server is given, as CI's PostgreSQL pass does; `npm test` without DATABASE_URL leaves it out.
const needsPostgres = () => (process.env.DATABASE_URL ? null : 'needs DATABASE_URL (a local PostgreSQL server)');

const suites: Suite[] = [
  // The emulator package first: the build that its `bin`, the app's type check, the integration
  // tests and the end-to-end servers use (plain Node, no tsx), then its own strict type check.
  check('emulator-build', bin('tsc'), ['-p', 'packages/stripe-emulator/tsconfig.build.json']),
  check('emulator-typecheck', bin('tsc'), ['-p', 'packages/stripe-emulator/tsconfig.json']),
  check('typecheck', bin('tsc'), ['--noEmit']),
  check('lint', bin('eslint'), ['.', '--max-warnings=0']),
  // Prettier's check (.prettierrc.json); `npm run format` rewrites what it flags.
  check('format', bin('prettier'), ['--check', '.']),
  // Unused files, exports and dependencies (knip.jsonc).
  check('knip', bin('knip'), []),
  vitest('unit'),
  vitest('integration'),
  vitest('emulator'),
  vitest('commands'),
  playwright('e2e', null),
  // The emulator's contract; against Stripe test mode too when STRIPE_CONTRACT_KEY is set.
  vitest('contract'),
  playwright('instances', 'playwright.instances.config.ts', needsPostgres),
];

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

const { values } = parseArgs({
  options: { suite: { type: 'string', multiple: true }, summary: { type: 'string' } },
});
const unknown = (values.suite ?? []).filter((name) => !suites.some((suite) => suite.name === name));
if (unknown.length > 0) {
  console.error(`Unknown suite ${unknown.join(', ')}; choose from: ${suites.map((suite) => suite.name).join(', ')}`);
  process.exit(2);
}
const selected = values.suite
  ? suites.filter((suite) => values.suite?.includes(suite.name))
  : suites.filter((suite) => suite.name !== 'instances' || !needsPostgres());

rmSync(reportsDir, { recursive: true, force: true });
mkdirSync(reportsDir, { recursive: true });

const outcomes: Outcome[] = [];
for (const [index, suite] of selected.entries()) {
  console.log(`\n━━ [${index + 1}/${selected.length}] ${suite.name} ━━`);
  const started = performance.now();
  const result = await suite.run(path.join(reportsDir, `${suite.name}.json`));
  outcomes.push({ suite: suite.name, ...result, seconds: (performance.now() - started) / 1000 });
}

console.log('\n suite        passed  failed  skipped     time');
for (const o of outcomes) {
  const note = o.problem ? `  (${o.problem})` : '';
  console.log(
    ` ${o.suite.padEnd(12)} ${String(o.passed).padStart(6)}  ${String(o.failed).padStart(6)}  ${String(o.skipped).padStart(7)}  ${o.seconds.toFixed(1).padStart(6)} s${note}`,
  );
}
const passed = outcomes.reduce((sum, o) => sum + o.passed, 0);
const failed = outcomes.reduce((sum, o) => sum + o.failed, 0);
const skipped = outcomes.reduce((sum, o) => sum + o.skipped, 0);
if (values.summary) writeFileSync(values.summary, JSON.stringify({ passed, failed, skipped }));
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
