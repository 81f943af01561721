import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';

const nextConfig: NextConfig = {
  // PGlite loads its WASM by URL; bundled, it fails at the first query.
  serverExternalPackages: ['@electric-sql/pglite'],
  poweredByHeader: false,
  reactStrictMode: true,
  // The build checks the app's own files; `npm run typecheck` checks everything
  // (tests, scripts, the emulator) with tsconfig.json.
  typescript: { tsconfigPath: 'tsconfig.app.json' },
};

// The locale decision and the catalogues for each request (lib/i18n/request.ts), and
// messages/en.d.json.ts — the English catalogue as literal types, so that a message's
// placeholders are checked too — written again by `next build` and `npx next typegen`.
const withNextIntl = createNextIntlPlugin({
  requestConfig: './lib/i18n/request.ts',
  experimental: { createMessagesDeclaration: './messages/en.json' },
});

export default withNextIntl(nextConfig);
