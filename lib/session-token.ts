import { decode, type JWT } from 'next-auth/jwt';

/** Auth.js's allowance for clock drift when it checks a token's expiry. */
const CLOCK_TOLERANCE_S = 15;
/** How many decrypted session tokens a server process remembers. */
export const REMEMBERED_TOKENS = 1000;

interface Remembered {
  userId: string;
  /** The token's `exp`, in seconds since the epoch. */
  expiresAt: number;
  secret: string;
  salt: string;
}

// Decrypted session tokens, oldest first. A token is an encrypted, signed value: the same
// string always decrypts to the same claims, so a server need not derive the key and
// decrypt it again on every request (about a millisecond each; see bench/README.md). The
// expiry is checked on every use, and a token never seen before is decrypted in full.
const remembered = new Map<string, Remembered>();

/**
 * The user id (`sub`) in an Auth.js session token (a JWE encrypted with a key derived
 * from `secret` and `salt`, the cookie's name), or null when the token is tampered with,
 * expired, or was made with another secret. What `auth()` reads for JWT sessions.
 */
export async function sessionTokenUserId(token: string, secret: string, salt: string): Promise<string | null> {
  const nowS = Date.now() / 1000;
  const known = remembered.get(token);
  if (known && known.secret === secret && known.salt === salt && nowS <= known.expiresAt + CLOCK_TOLERANCE_S) {
    return known.userId;
  }
  remembered.delete(token);

  let payload: JWT | null;
  try {
    payload = await decode({ token, secret, salt });
  } catch {
    return null; // tampered, expired, or made with another secret
  }
  const userId = payload?.sub;
  const expiresAt = payload?.exp;
  if (typeof userId !== 'string') return null;
  if (typeof expiresAt === 'number') {
    remembered.set(token, { userId, expiresAt, secret, salt });
    if (remembered.size > REMEMBERED_TOKENS) remembered.delete(remembered.keys().next().value as string);
  }
  return userId;
}
