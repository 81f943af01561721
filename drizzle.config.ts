import { defineConfig } from 'drizzle-kit';

// Only `drizzle-kit generate` uses this file: it diffs lib/db/schema.ts against the
// committed migrations and writes the next SQL file. Migrations are applied by
// `npm run db:migrate` (lib/db/migrate.ts), on PGlite and PostgreSQL alike.
export default defineConfig({
  dialect: 'postgresql',
  schema: './lib/db/schema.ts',
  out: './lib/db/migrations',
});
