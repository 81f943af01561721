// The server Playwright's webServer starts: a fresh data directory, a production
// build (unless --skip-build: another e2e server built it), then `npm start`
// (migrations, the emulator with billing set up, `next start`).
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { loadEnvOrExit } from './lib/load-env';
import { serve } from './lib/serve';

const { values } = parseArgs({ options: { 'skip-build': { type: 'boolean', default: false } } });
Object.assign(process.env, { NODE_ENV: 'production' });
const env = await loadEnvOrExit();
rmSync(env.dataDir, { recursive: true, force: true });

if (!values['skip-build']) {
  const require = createRequire(import.meta.url);
  console.log('▸ next build (for the end-to-end tests)…');
  const build = spawnSync(process.execPath, [require.resolve('next/dist/bin/next'), 'build'], { stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('✗ next build failed');
    process.exit(build.status ?? 1);
  }
}
await serve(env, 'start');
