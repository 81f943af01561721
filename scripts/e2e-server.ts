// The server Playwright's webServer starts: a fresh data directory, a production
// build (unless --skip-build: another e2e server built it), then `npm start`
// (migrations, the emulator with billing set up, the standalone server).
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildApp } from './lib/build';
import { loadEnvOrExit } from './lib/load-env';
import { serve } from './lib/serve';

const { values } = parseArgs({ options: { 'skip-build': { type: 'boolean', default: false } } });
Object.assign(process.env, { NODE_ENV: 'production' });
const env = await loadEnvOrExit();
rmSync(env.dataDir, { recursive: true, force: true });

if (!values['skip-build']) {
  console.log('▸ npm run build (for the end-to-end tests)…');
  if (!(await buildApp())) {
    console.error('✗ the build failed');
    process.exit(1);
  }
}
await serve(env, 'start');
