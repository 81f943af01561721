import type { NextConfig } from 'next';

// The floor: bench tooling, not part of the app. A bare Next.js app that `npm run bench`
// builds and starts beside ours so a click can be compared with the least any Next.js
// server action that opens a portal session can cost (see bench/README.md). Keep it tiny.
const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
