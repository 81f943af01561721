// npm run build — the production build: `next build` (a standalone server), its static
// files beside it, and `npm start` compiled to JavaScript (scripts/lib/build.ts).
import { buildApp } from './lib/build';

if (!(await buildApp())) {
  console.error('✗ the build failed (see above)');
  process.exit(1);
}
