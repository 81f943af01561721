import { PGlite, type Transaction } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PREPARED_STATEMENTS, StatementCachingPGlite } from '@/lib/db/pglite-statement-cache';

const SCHEMA = `
  create table items (
    id uuid primary key,
    name text not null unique,
    count integer,
    active boolean,
    seen_at timestamptz,
    data jsonb,
    tags text[]
  );
`;

const ITEM = {
  id: '7b0c8a52-1f7e-4c4b-9a51-0d8f3d1e2a10',
  name: 'first',
  count: 3,
  active: true,
  seenAt: new Date('2026-11-22T08:00:00.000Z'),
  data: { plan: 'pro', seats: [1, 2] },
  tags: ['a', 'b,c'],
};
const INSERT = 'insert into items (id, name, count, active, seen_at, data, tags) values ($1, $2, $3, $4, $5, $6, $7) returning *';
const SELECT = 'select * from items where id = $1';
const itemParams = (item: typeof ITEM) => [item.id, item.name, item.count, item.active, item.seenAt, item.data, item.tags];

async function preparedNames(db: PGlite): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    "select name from pg_prepared_statements where name like 'pf_statement_%' order by name",
    [],
    // Explicit parameter types take PGlite's own path, so this query is not counted.
    { paramTypes: [] },
  );
  return rows.map((row) => row.name);
}

describe('StatementCachingPGlite', () => {
  let cached: StatementCachingPGlite;
  let plain: PGlite;
  beforeAll(async () => {
    cached = new StatementCachingPGlite();
    plain = new PGlite();
    await cached.exec(SCHEMA);
    await plain.exec(SCHEMA);
  });
  afterAll(async () => {
    await cached.close();
    await plain.close();
  });

  it('returns what PGlite.query returns: every parameter type, both row modes, RETURNING and affected rows', async () => {
    const inserted = await cached.query(INSERT, itemParams(ITEM));
    const expected = await plain.query(INSERT, itemParams(ITEM));
    expect(inserted).toEqual(expected);
    expect(inserted.rows).toEqual([
      { id: ITEM.id, name: 'first', count: 3, active: true, seen_at: ITEM.seenAt, data: ITEM.data, tags: ['a', 'b,c'] },
    ]);

    for (const options of [undefined, { rowMode: 'array' as const }]) {
      expect(await cached.query(SELECT, [ITEM.id], options)).toEqual(await plain.query(SELECT, [ITEM.id], options));
    }
    const nulls = { ...ITEM, id: '0a1b2c3d-0000-4000-8000-000000000001', name: 'nulls' };
    const nullParams = [nulls.id, nulls.name, null, undefined, null, null, null];
    expect(await cached.query(INSERT, nullParams)).toEqual(await plain.query(INSERT, nullParams));

    const update = 'update items set count = count + $1 where active';
    const updated = await cached.query(update, [2]);
    expect(updated).toEqual(await plain.query(update, [2]));
    expect(updated.affectedRows).toBe(1);
    // Per-call parsers, as drizzle passes them, still apply.
    const raw = await cached.query<{ seen_at: string }>(SELECT, [ITEM.id], { parsers: { 1184: (value: string) => value } });
    expect(typeof raw.rows[0]?.seen_at).toBe('string');
    // …and only to that call.
    expect((await cached.query<{ seen_at: Date }>(SELECT, [ITEM.id])).rows[0]?.seen_at).toEqual(ITEM.seenAt);
  });

  it('prepares each query text once, however often it runs', async () => {
    const before = await preparedNames(cached);
    const text = 'select name from items where count > $1 order by name';
    for (let i = 0; i < 5; i++) expect((await cached.query(text, [0])).rows).toEqual([{ name: 'first' }]);
    const after = await preparedNames(cached);
    expect(after.length).toBe(before.length + 1);
    expect(cached.preparedStatementCount).toBe(after.length);
  });

  it('refuses bad queries as PGlite does, prepares nothing for them, and carries on', async () => {
    const before = cached.preparedStatementCount;
    await expect(cached.query('selec nonsense')).rejects.toMatchObject({ code: '42601', query: 'selec nonsense' });
    expect(cached.preparedStatementCount).toBe(before);

    const duplicate = { ...ITEM, id: '0a1b2c3d-0000-4000-8000-000000000002' };
    await expect(cached.query(INSERT, itemParams(duplicate))).rejects.toMatchObject({
      code: '23505',
      constraint: 'items_name_key',
      query: INSERT,
    });
    await expect(cached.query(SELECT, ['not-a-uuid'])).rejects.toMatchObject({ code: '22P02' });
    expect((await cached.query(SELECT, [duplicate.id])).rows).toEqual([]);
    expect((await cached.query(SELECT, [ITEM.id])).rows).toHaveLength(1);
  });

  it('prepares a statement again when a migration changes its columns', async () => {
    const text = 'select * from items where name = $1';
    expect(Object.keys((await cached.query<object>(text, ['first'])).rows[0] ?? {})).not.toContain('note');
    await cached.exec("alter table items add column note text default 'hello'");
    const { rows } = await cached.query<{ note: string }>(text, ['first']);
    expect(rows[0]?.note).toBe('hello');
    await cached.exec('alter table items drop column note');
    expect(Object.keys((await cached.query<object>(text, ['first'])).rows[0] ?? {})).not.toContain('note');
  });

  it('keeps concurrent queries and transactions apart', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `0a1b2c3d-0000-4000-8000-${String(100 + i).padStart(12, '0')}`);
    const work = ids.map((id, i) =>
      i % 10 === 0
        ? cached.transaction(async (tx) => {
            await tx.query(INSERT, itemParams({ ...ITEM, id, name: `tx-${i}` }));
            return (await tx.query<{ name: string }>(SELECT, [id])).rows[0]?.name;
          })
        : cached.query(INSERT, itemParams({ ...ITEM, id, name: `q-${i}` })).then(async () => {
            return (await cached.query<{ name: string }>(SELECT, [id])).rows[0]?.name;
          }),
    );
    expect(await Promise.all(work)).toEqual(ids.map((_, i) => (i % 10 === 0 ? `tx-${i}` : `q-${i}`)));
  });

  it('uses the same prepared statements inside transaction(): same results, rollback and errors as PGlite', async () => {
    const text = 'select name, count from items where id = $1';
    const outside = await cached.query(text, [ITEM.id]);
    const before = cached.preparedStatementCount;
    const inside = await cached.transaction(async (tx) => [await tx.query(text, [ITEM.id]), await tx.query(text, [ITEM.id])]);
    expect(inside).toEqual([outside, outside]);
    expect(cached.preparedStatementCount).toBe(before);

    const id = '0a1b2c3d-0000-4000-8000-000000000201';
    const rolledBack = cached.transaction(async (tx) => {
      expect((await tx.query(INSERT, itemParams({ ...ITEM, id, name: 'rolled back' }))).affectedRows).toBe(1);
      expect((await tx.query(SELECT, [id])).rows).toHaveLength(1);
      await tx.rollback();
      return 'done';
    });
    expect(await rolledBack).toBe('done');
    expect((await cached.query(SELECT, [id])).rows).toEqual([]);

    // An error aborts the transaction, as PGlite's own; the cache carries on afterwards.
    await expect(
      cached.transaction(async (tx) => {
        await tx.query(INSERT, itemParams({ ...ITEM, id, name: 'before the error' }));
        await tx.query(INSERT, itemParams({ ...ITEM, id: '0a1b2c3d-0000-4000-8000-000000000202' }));
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect((await cached.query(SELECT, [id])).rows).toEqual([]);
    expect((await cached.query(text, [ITEM.id])).rows).toEqual(outside.rows);

    // A transaction's object refuses queries once it has ended.
    let kept: Transaction | undefined;
    await cached.transaction(async (tx) => {
      kept = tx;
    });
    await expect(kept!.query(text, [ITEM.id])).rejects.toThrow('Transaction is closed');
  });

  it(`runs query texts beyond the first ${MAX_PREPARED_STATEMENTS} unprepared`, async () => {
    const db = new StatementCachingPGlite();
    try {
      for (let i = 0; i < MAX_PREPARED_STATEMENTS + 5; i++) {
        expect((await db.query<{ n: number }>(`select $1::int + ${i} as n`, [1])).rows).toEqual([{ n: i + 1 }]);
      }
      expect(db.preparedStatementCount).toBe(MAX_PREPARED_STATEMENTS);
      expect(await preparedNames(db)).toHaveLength(MAX_PREPARED_STATEMENTS);
    } finally {
      await db.close();
    }
  });
});
