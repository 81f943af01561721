import { watch } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { startProcess } from './processes';

const require = createRequire(import.meta.url);

/** The files whose edits change what `npm run stripe:setup` applies (billing.config.ts reads the brand). */
const WATCHED_FILES = ['billing.config.ts', 'site.config.ts'];

/**
 * `npm run dev`'s edit loop: when billing.config.ts (or site.config.ts) is saved, runs
 * `npm run stripe:setup --no-demo --changed-only`, which loads the file afresh in its own
 * process and applies it through the running app, printing what changed. Saves in quick
 * succession are applied once; a save during a run is applied after it.
 */
export function watchBillingConfig(root: string, env: NodeJS.ProcessEnv) {
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let again = false;
  let changed = new Set<string>();

  const apply = () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    console.log(`▸ ${[...changed].join(' and ')} changed: applying it through the app…`);
    changed = new Set();
    const child = startProcess(
      'billing',
      process.execPath,
      [require.resolve('tsx/cli'), 'scripts/stripe-setup.ts', '--no-demo', '--changed-only'],
      env,
    );
    child.once('exit', () => {
      running = false;
      if (again) {
        again = false;
        apply();
      }
    });
  };

  const watcher = watch(root, (_event, filename) => {
    if (!filename || !WATCHED_FILES.includes(path.basename(filename.toString()))) return;
    changed.add(path.basename(filename.toString()));
    clearTimeout(timer);
    timer = setTimeout(apply, 300);
  });
  console.log(`✓ watching ${WATCHED_FILES.join(' and ')}: saved changes are applied to Stripe through the app`);
  return () => {
    clearTimeout(timer);
    watcher.close();
  };
}
