import { PGlite, parse, protocol, type PGliteOptions, type QueryOptions, type Results, type Transaction } from '@electric-sql/pglite';

type BackendMessage = Awaited<ReturnType<PGlite['execProtocol']>>['messages'][number];

interface Statement {
  name: string;
  /** The type of each `$n` parameter, as Postgres inferred it when preparing. */
  parameterTypes: number[];
  /** The statement's RowDescription, or none for one that returns no rows. */
  rowDescription: BackendMessage | undefined;
}

/** More distinct query texts than this are run the ordinary way, unprepared. */
export const MAX_PREPARED_STATEMENTS = 500;

// Postgres refuses to run a prepared statement whose result columns a schema change altered.
const CACHED_PLAN_CHANGED = '0A000';

const { serialize } = protocol;

/**
 * PGlite with a statement cache, as postgres.js has for a PostgreSQL server.
 *
 * `PGlite.query()` parses, plans and describes its SQL on every call, in six calls into
 * WebAssembly. This class prepares each distinct query text once, as a named statement,
 * and then runs it with one Bind, Execute and Sync: about a quarter of the time for the
 * one-row lookups every page and click starts with (bench/README.md). Results, errors and
 * type parsing are PGlite's own. Queries inside `transaction()` use the same statements: a
 * webhook's transaction inserts a queue job whose SQL takes ~15 ms to plan and ~0.5 ms to run.
 * `exec()` is unchanged.
 */
export class StatementCachingPGlite extends PGlite {
  readonly #statements = new Map<string, Statement>();
  #prepared = 0;

  constructor(dataDir?: string, options?: PGliteOptions) {
    super(dataDir, options);
  }

  /** How many query texts are prepared (for tests). */
  get preparedStatementCount(): number {
    return this.#statements.size;
  }

  /** COPY's blobs, explicit parameter types and texts beyond the cache take PGlite's own path. */
  #cacheable(query: string, options: QueryOptions | undefined) {
    return !options?.blob && !options?.paramTypes && (this.#statements.has(query) || this.#statements.size < MAX_PREPARED_STATEMENTS);
  }

  override async transaction<T>(callback: (tx: Transaction) => Promise<T>): Promise<T> {
    return super.transaction((tx) => {
      const cached: Transaction = {
        query: async <R>(query: string, params: unknown[] = [], options?: QueryOptions) => {
          if (tx.closed) throw new Error('Transaction is closed');
          if (!this.#cacheable(query, options)) return tx.query<R>(query, params, options);
          // Already inside the transaction's lock: take only the query lock, as PGlite's own tx.query does.
          return this._runExclusiveQuery(async () => {
            try {
              return await this.#run<R>(query, params, options);
            } catch (error) {
              // The transaction is aborted and cannot retry; forget the statement so that it is
              // prepared afresh the next time.
              if ((error as { code?: string }).code === CACHED_PLAN_CHANGED) await this.#forget(query);
              throw error;
            }
          });
        },
        sql: (strings, ...params) => tx.sql(strings, ...params),
        exec: (query, options) => tx.exec(query, options),
        rollback: () => tx.rollback(),
        listen: (channel, callback) => tx.listen(channel, callback),
        get closed() {
          return tx.closed;
        },
      };
      return callback(cached);
    });
  }

  override async query<T>(query: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> {
    if (!this.#cacheable(query, options)) return super.query<T>(query, params, options);
    await this._checkReady();
    return this._runExclusiveTransaction(() =>
      this._runExclusiveQuery(async () => {
        try {
          return await this.#run<T>(query, params, options);
        } catch (error) {
          if ((error as { code?: string }).code !== CACHED_PLAN_CHANGED) throw error;
          // A migration changed the columns: prepare the statement again, once.
          await this.#forget(query);
          return await this.#run<T>(query, params, options);
        }
      }),
    );
  }

  async #run<T>(query: string, params: unknown[], options: QueryOptions | undefined): Promise<Results<T>> {
    try {
      const statement = this.#statements.get(query) ?? (await this.#prepare(query, options));
      const values = params.map((param, i) => {
        if (param === null || param === undefined) return null;
        const type = statement.parameterTypes[i] ?? 0;
        const serializer = options?.serializers?.[type] ?? this.serializers[type];
        return serializer ? serializer(param) : String(param);
      });
      const { messages } = await this.#execProtocol(
        Buffer.concat([serialize.bind({ statement: statement.name, values }), serialize.execute({}), serialize.sync()]),
        options,
      );
      const described = statement.rowDescription ? [statement.rowDescription, ...messages] : messages;
      // parseResults() would copy all ~300 of PGlite's parsers into a new object to add a
      // call's own (drizzle passes four), which cost as much as running the query: the
      // call's parsers are laid over PGlite's instead.
      const [result] = options?.parsers
        ? parse.parseResults(described, Object.assign(Object.create(this.parsers) as PGlite['parsers'], options.parsers), {
            ...options,
            parsers: undefined,
          })
        : parse.parseResults(described, this.parsers, options);
      return result as Results<T>;
    } catch (error) {
      // Like PGlite's query(): say which query and parameters failed.
      if (error instanceof Error && 'code' in error) Object.assign(error, { query, params, queryOptions: options });
      throw error;
    }
  }

  async #prepare(query: string, options: QueryOptions | undefined): Promise<Statement> {
    const name = `pf_statement_${++this.#prepared}`;
    const { messages } = await this.#execProtocol(
      Buffer.concat([serialize.parse({ name, text: query }), serialize.describe({ type: 'S', name }), serialize.sync()]),
      options,
    );
    const statement: Statement = {
      name,
      parameterTypes: parse.parseDescribeStatementResults(messages),
      rowDescription: messages.find((message) => message.name === 'rowDescription'),
    };
    this.#statements.set(query, statement);
    return statement;
  }

  async #forget(query: string): Promise<void> {
    const statement = this.#statements.get(query);
    if (!statement) return;
    this.#statements.delete(query);
    await this.#execProtocol(Buffer.concat([serialize.close({ type: 'S', name: statement.name }), serialize.sync()]), undefined);
  }

  #execProtocol(message: Uint8Array, options: QueryOptions | undefined) {
    return this.execProtocol(message, { onNotice: options?.onNotice });
  }
}
