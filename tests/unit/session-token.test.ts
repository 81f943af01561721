import { encode } from 'next-auth/jwt';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// Counts the decryptions sessionTokenClaims asks Auth.js for, without changing what they do.
const decodeCalls = vi.hoisted(() => ({ count: 0 }));
vi.mock('next-auth/jwt', async (importOriginal) => {
  const original = await importOriginal<typeof import('next-auth/jwt')>();
  return {
    ...original,
    decode: (...args: Parameters<typeof original.decode>) => {
      decodeCalls.count += 1;
      return original.decode(...args);
    },
  };
});

const { REMEMBERED_TOKENS, sessionTokenClaims } = await import('@/lib/session-token');

/** The user id in a token, as the tests below mostly only need that. */
async function sessionTokenUserId(value: string, secrets: string | string[], salt: string) {
  return (await sessionTokenClaims(value, Array.isArray(secrets) ? secrets : [secrets], salt))?.userId ?? null;
}

const secret = 'unit-test-secret-0123456789abcdef0123456789';
const salt = 'authjs.session-token';
const hour = 60 * 60;

function token(sub: string, options: { maxAge?: number; secret?: string | string[]; salt?: string; sv?: number } = {}) {
  return encode({
    token: { sub, ...(options.sv !== undefined && { sv: options.sv }) },
    secret: options.secret ?? secret,
    salt: options.salt ?? salt,
    maxAge: options.maxAge ?? hour,
  });
}

describe('sessionTokenClaims', () => {
  beforeEach(() => {
    decodeCalls.count = 0;
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a valid token → its user id; the same token again → the same id without decrypting it again', async () => {
    const value = await token('user-1');
    expect(await sessionTokenUserId(value, secret, salt)).toBe('user-1');
    expect(await sessionTokenUserId(value, secret, salt)).toBe('user-1');
    expect(decodeCalls.count).toBe(1);
  });

  it('a token one character off → null, and it is not remembered', async () => {
    const value = await token('user-2');
    const tampered = `${value.slice(0, -2)}${value.at(-2) === 'A' ? 'B' : 'A'}${value.at(-1)}`;
    expect(await sessionTokenUserId(tampered, secret, salt)).toBeNull();
    expect(await sessionTokenUserId(tampered, secret, salt)).toBeNull();
    expect(decodeCalls.count).toBe(2);
  });

  it('a remembered token with another secret or salt → decrypted again, and refused', async () => {
    const value = await token('user-3');
    expect(await sessionTokenUserId(value, secret, salt)).toBe('user-3');
    expect(await sessionTokenUserId(value, `${secret}-rotated`, salt)).toBeNull();
    expect(await sessionTokenUserId(value, secret, '__Secure-authjs.session-token')).toBeNull();
  });

  it('a remembered token past its expiry → null', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const value = await token('user-4', { maxAge: 60 });
    expect(await sessionTokenUserId(value, secret, salt)).toBe('user-4');
    vi.setSystemTime(Date.now() + 59_000);
    expect(await sessionTokenUserId(value, secret, salt)).toBe('user-4');
    vi.setSystemTime(Date.now() + 120_000);
    expect(await sessionTokenUserId(value, secret, salt)).toBeNull();
  });

  it(`remembers at most ${REMEMBERED_TOKENS} tokens, forgetting the oldest first`, async () => {
    const first = await token('user-first');
    expect(await sessionTokenUserId(first, secret, salt)).toBe('user-first');
    const later = await Promise.all(Array.from({ length: REMEMBERED_TOKENS }, (_, i) => token(`user-${i}`)));
    for (const value of later) await sessionTokenUserId(value, secret, salt);
    decodeCalls.count = 0;
    expect(await sessionTokenUserId(later.at(-1)!, secret, salt)).toBe(`user-${REMEMBERED_TOKENS - 1}`);
    expect(decodeCalls.count).toBe(0);
    expect(await sessionTokenUserId(first, secret, salt)).toBe('user-first');
    expect(decodeCalls.count).toBe(1);
  });

  it('reads the session version a token was issued with, 0 for a token without one', async () => {
    expect(await sessionTokenClaims(await token('user-5', { sv: 3 }), [secret], salt)).toEqual({ userId: 'user-5', sessionVersion: 3 });
    expect(await sessionTokenClaims(await token('user-6'), [secret], salt)).toEqual({ userId: 'user-6', sessionVersion: 0 });
  });

  it('after a rotation (new secret first), reads tokens made with either secret; new ones are made with the new one', async () => {
    const rotated = 'rotated-unit-test-secret-abcdef0123456789abcdef';
    const old = await token('user-7', { secret });
    const fresh = await token('user-8', { secret: [rotated, secret] });
    expect(await sessionTokenUserId(old, [rotated, secret], salt)).toBe('user-7');
    expect(await sessionTokenUserId(fresh, [rotated, secret], salt)).toBe('user-8');
    expect(await sessionTokenUserId(fresh, [rotated], salt)).toBe('user-8');
    expect(await sessionTokenUserId(fresh, [secret], salt)).toBeNull();
    // Once the old secret is dropped, its tokens stop working.
    expect(await sessionTokenUserId(old, [rotated], salt)).toBeNull();
  });
});
