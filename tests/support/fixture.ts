import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

/**
 * A value the tests of the enclosing `describe` block (or file) share, made in a `beforeAll` hook
 * (`beforeEach` with `{ each: true }`) and closed after them, that the tests read as a constant:
 * every property read goes to the value of the moment. Reading it outside those tests throws.
 */
export function hookedFixture<T extends object>(
  open: () => Promise<T>,
  close?: (value: T) => Promise<void>,
  { each = false }: { each?: boolean } = {},
): T {
  let current: T | undefined;
  (each ? beforeEach : beforeAll)(async () => {
    current = await open();
  });
  (each ? afterEach : afterAll)(async () => {
    if (current !== undefined) await close?.(current);
    current = undefined;
  });
  return new Proxy({} as T, {
    get(_, property) {
      if (current === undefined) throw new Error('A test fixture was read outside the tests it was made for');
      return Reflect.get(current, property);
    },
  });
}
