// npm start — runs the orchestrator `npm run build` compiled from scripts/start.ts, so a
// production install (`npm ci --omit=dev`, no tsx) can start the app.
import { existsSync } from 'node:fs';

const bundle = new URL('../.next/portal-flows/start.mjs', import.meta.url);
if (!existsSync(bundle)) {
  console.error('✗ No production build: run `npm run build` first (it needs the dev dependencies), then `npm start`.');
  process.exit(1);
}
await import(bundle.href);
