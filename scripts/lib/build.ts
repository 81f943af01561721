import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** The standalone server `next build` writes (output: 'standalone' in next.config.js). */
export const STANDALONE_SERVER = path.resolve('.next/standalone/server.js');
/** `npm start`'s orchestrator, bundled to JavaScript so that it runs without tsx (a devDependency). */
const START_BUNDLE = path.resolve('.next/portal-flows/start.mjs');

/**
 * `npm run build`: `next build`, then what the standalone server needs beside it (the
 * static assets and public/, which Next.js leaves to a CDN by default), then scripts/start.ts
 * bundled to JavaScript. Returns false when the build failed (its output says why).
 */
export async function buildApp(): Promise<boolean> {
  const next = spawnSync(process.execPath, [require.resolve('next/dist/bin/next'), 'build'], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (next.status !== 0) return false;

  const standalone = path.dirname(STANDALONE_SERVER);
  for (const [from, to] of [
    ['.next/static', path.join(standalone, '.next/static')],
    ['public', path.join(standalone, 'public')],
  ] as const) {
    rmSync(to, { recursive: true, force: true });
    if (existsSync(from)) cpSync(from, to, { recursive: true });
  }

  // Dependencies stay imports of node_modules (a production install has them); the
  // project's own TypeScript (lib/, billing.config.ts, scripts/lib) is compiled in.
  // esbuild is a dev dependency: imported here only, never by what `npm start` runs.
  const { build } = await import('esbuild');
  await build({
    entryPoints: ['scripts/start.ts'],
    outfile: START_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    tsconfig: 'tsconfig.json',
    logLevel: 'warning',
    banner: { js: '// Built by `npm run build` from scripts/start.ts; do not edit.' },
  });
  console.log(
    `✓ standalone server in ${path.relative(process.cwd(), standalone)}, \`npm start\` in ${path.relative(process.cwd(), START_BUNDLE)}`,
  );
  return true;
}
