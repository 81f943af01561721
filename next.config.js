// JavaScript, not TypeScript, so that a production install (`npm ci --omit=dev`) can run
// the app: Next.js reads this file at start-up too.
import createNextIntlPlugin from 'next-intl/plugin';

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite loads its WASM by URL; bundled, it fails at the first query.
  serverExternalPackages: ['@electric-sql/pglite'],
  poweredByHeader: false,
  reactStrictMode: true,
  // The build checks the app's own files; `npm run typecheck` checks everything
  // (tests, scripts, the emulator) with tsconfig.json.
  typescript: { tsconfigPath: 'tsconfig.app.json' },
  // `node .next/standalone/server.js` runs the app with only the files it needs, which
  // `npm run build` copies there (see scripts/build.ts). The server applies the SQL
  // migrations at boot (instrumentation.ts), and PGlite loads its WASM and data files
  // by URL, which the tracer cannot see: both are included by hand.
  output: 'standalone',
  outputFileTracingIncludes: {
    '/*': ['./lib/db/migrations/**/*', './node_modules/@electric-sql/pglite/dist/**/*'],
  },
};

// The locale decision and the catalogues for each request (lib/i18n/request.ts), and
// messages/en.d.json.ts — the English catalogue as literal types, so that a message's
// placeholders are checked too — written again by `next build` and `npx next typegen`.
const withNextIntl = createNextIntlPlugin({
  requestConfig: './lib/i18n/request.ts',
  experimental: { createMessagesDeclaration: './messages/en.json' },
});

export default withNextIntl(nextConfig);
