// npm run db:migrate — applies lib/db/migrations to DATABASE_URL or the embedded database.
import { DatabaseBusyError } from '../lib/db/pglite-lock';
import { readDevServer } from '../lib/dev-server';
import { loadEnvOrExit } from './lib/load-env';
import { migrateDatabase } from './lib/migrate';

const env = await loadEnvOrExit();
const server = env.databaseUrl ? null : readDevServer(env.dataDir);
if (server) {
  console.error(
    `✗ \`npm run dev\` is running (pid ${server.pid}) and holds the embedded database; it applies migrations when it starts. ` +
      'Restart it to apply new ones.',
  );
  process.exit(1);
}
try {
  await migrateDatabase(env);
} catch (error) {
  console.error('✗ migration failed:', error instanceof Error ? error.message : error);
  if (env.databaseUrl) console.error('  Check that the server in DATABASE_URL is running and reachable.');
  else if (!(error instanceof DatabaseBusyError))
    console.error(`  If the app is running, stop it first: only one process may open ${env.dataDir}/pglite.`);
  process.exit(1);
}
