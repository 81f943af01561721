import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // PGlite loads its WASM by URL; bundled, it fails at the first query.
  serverExternalPackages: ['@electric-sql/pglite'],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
