// npm run db:migrate — applies lib/db/migrations to DATABASE_URL or the embedded database.
import { loadEnvOrExit } from './lib/load-env';
import { migrateDatabase } from './lib/migrate';

const env = await loadEnvOrExit();
try {
  await migrateDatabase(env);
} catch (error) {
  console.error('✗ migration failed:', error instanceof Error ? error.message : error);
  if (env.databaseUrl) console.error('  Check that the server in DATABASE_URL is running and reachable.');
  else console.error(`  If the app is running, stop it first: only one process may open ${env.dataDir}/pglite.`);
  process.exit(1);
}
