// A process that opens the embedded database in argv[2], migrates it, writes one user,
// prints "ready" and then holds the database until it is killed: the other process in
// tests of the one-writer lock (tests/integration/pglite-lock.test.ts).
import { openDatabase } from '../../lib/db/client';
import { upsertUserByEmail } from '../../lib/db/queries';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: hold-database.ts <pglite data directory>');
const handle = openDatabase({ kind: 'pglite', dataDir });
await handle.migrate();
await upsertUserByEmail(handle.db, 'held@example.com');
console.log('ready');
setInterval(() => {}, 1 << 30);
