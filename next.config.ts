import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // PGlite loads its WASM by URL; bundled, it fails at the first query.
  serverExternalPackages: ['@electric-sql/pglite'],
  poweredByHeader: false,
  reactStrictMode: true,
  // The build checks the app's own files; `npm run typecheck` checks everything
  // (tests, scripts, the emulator) with tsconfig.json.
  typescript: { tsconfigPath: 'tsconfig.app.json' },
};

export default nextConfig;
