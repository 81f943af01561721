import { describe, expect, it } from 'vitest';
import { pgParam } from '@/lib/db/queue-sql';

// Parameters as node-postgres (pg-boss's own driver) sends them, so that its SQL means the same
// through postgres.js and PGlite.

describe('pgParam', () => {
  it('passes text, numbers and booleans, and turns undefined into null', () => {
    expect(pgParam('sync-customer')).toBe('sync-customer');
    expect(pgParam(2)).toBe(2);
    expect(pgParam(true)).toBe(true);
    expect(pgParam(undefined)).toBeNull();
    expect(pgParam(null)).toBeNull();
  });

  it('writes objects as JSON and dates as ISO text', () => {
    expect(pgParam({ customerId: 'cus_1', tags: ['a'] })).toBe('{"customerId":"cus_1","tags":["a"]}');
    expect(pgParam(new Date('2026-11-30T08:00:00.000Z'))).toBe('2026-11-30T08:00:00.000Z');
  });

  it('writes arrays as PostgreSQL array literals, quoting and escaping each element', () => {
    expect(pgParam(['7b0c8a52-1f7e-4c4b-9a51-0d8f3d1e2a10', 'b'])).toBe('{"7b0c8a52-1f7e-4c4b-9a51-0d8f3d1e2a10","b"}');
    expect(pgParam(['say "hi"', 'back\\slash', null, 3])).toBe('{"say \\"hi\\"","back\\\\slash",NULL,"3"}');
    expect(pgParam([['a'], []])).toBe('{{"a"},{}}');
    expect(pgParam([])).toBe('{}');
  });
});
