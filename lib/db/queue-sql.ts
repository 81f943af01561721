import { sql } from 'drizzle-orm';
import type { Database, DatabaseHandle } from './client';

/**
 * The job queue (pg-boss, lib/billing/sync-queue.ts) runs its SQL through these executors instead
 * of a connection pool of its own, so it works on both of our databases: PostgreSQL through the
 * app's postgres.js client, and PGlite, which only one process, and so one client, can open.
 */

/** pg-boss's `db` option: SQL text with `$n` parameters in, rows out. */
export interface QueueExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

/**
 * A parameter as node-postgres (the driver pg-boss is written for) sends it: an object as JSON, an
 * array as a PostgreSQL array literal, a date as ISO text. The server then reads the text by the
 * statement's own types, as it does from node-postgres.
 */
export function pgParam(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return arrayLiteral(value);
  if (typeof value === 'object' && !(value instanceof Uint8Array)) return JSON.stringify(value);
  return value;
}

function arrayLiteral(values: unknown[]): string {
  const elements = values.map((element) => {
    if (element === null || element === undefined) return 'NULL';
    if (Array.isArray(element)) return arrayLiteral(element);
    const text = String(pgParam(element));
    return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  });
  return `{${elements.join(',')}}`;
}

// pg-boss sends its schema changes and its maintenance as one text, `BEGIN; …; COMMIT;`. Run as a
// plain multi-statement text, a failure in the middle would leave the connection inside an aborted
// transaction; run through the driver's transaction, it rolls back.
const TRANSACTION_BLOCK = /^\s*BEGIN;([\s\S]*);\s*COMMIT;?\s*$/;

type Rows = Record<string, unknown>[];

/** Rows of a postgres.js result: one statement's rows, or every statement's for a multi-statement text. */
function postgresRows(result: unknown): Rows {
  const list = result as unknown[];
  return list.length > 0 && list.every(Array.isArray) ? (list as Rows[]).flat() : (list as Rows);
}

/** An executor on the database's own client (outside any transaction of ours). */
export function queueExecutor(handle: DatabaseHandle): QueueExecutor {
  if (handle.kind === 'postgres') {
    const { client } = handle;
    return {
      async executeSql(text, values = []) {
        if (values.length > 0) return { rows: postgresRows(await client.unsafe(text, values.map(pgParam) as never[])) };
        const block = TRANSACTION_BLOCK.exec(text);
        const result = block ? await client.begin((tx) => tx.unsafe(block[1]!)) : await client.unsafe(text);
        return { rows: postgresRows(result) };
      },
    };
  }
  const { client } = handle;
  return {
    async executeSql(text, values = []) {
      if (values.length > 0) return { rows: (await client.query<Record<string, unknown>>(text, values.map(pgParam))).rows };
      // PGlite's query() takes one statement; exec() takes several, without parameters.
      const block = TRANSACTION_BLOCK.exec(text);
      const results = block ? await client.transaction((tx) => tx.exec(block[1]!)) : await client.exec(text);
      return { rows: results.flatMap((result) => result.rows as Rows) };
    },
  };
}

/**
 * An executor inside one of our drizzle transactions, so that what pg-boss inserts commits or rolls
 * back with the rest of it. The SQL goes through drizzle's public `execute`, which numbers
 * parameters by where they appear; so it accepts only SQL that names each `$n` once (pg-boss's
 * `insert`, not `send`, whose SQL reuses some): anything else is refused rather than mis-bound.
 */
export function transactionExecutor(tx: Database): QueueExecutor {
  return {
    async executeSql(text, values = []) {
      const parts = text.split(/\$(\d+)/);
      const seen = new Set<string>();
      const chunks = parts.map((part, index) => {
        if (index % 2 === 0) return sql.raw(part);
        if (seen.has(part)) throw new Error(`transactionExecutor: $${part} appears twice in the SQL; drizzle would bind it twice`);
        seen.add(part);
        return sql`${pgParam(values[Number(part) - 1])}`;
      });
      if (seen.size !== values.length) throw new Error(`transactionExecutor: ${values.length} values for ${seen.size} parameters`);
      const result = (await tx.execute(sql.join(chunks))) as unknown;
      return { rows: Array.isArray(result) ? (result as Rows) : (result as { rows: Rows }).rows };
    },
  };
}
