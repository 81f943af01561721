import { decode, type JWT } from 'next-auth/jwt';

/** Auth.js's allowance for clock drift when it checks a token's expiry. */
const CLOCK_TOLERANCE_S = 15;
/** How many decrypted session tokens a server process remembers. */
export const REMEMBERED_TOKENS = 1000;

/** What a session cookie says: whose it is, and the user's session version when it was issued. */
export interface SessionClaims {
  userId: string;
  /** `sv` in the token; compared with `users.session_version`, which signing out bumps. 0 when absent. */
  sessionVersion: number;
}

interface Remembered extends SessionClaims {
  /** The token's `exp`, in seconds since the epoch. */
  expiresAt: number;
  secrets: string;
  salt: string;
}

// Decrypted session tokens, oldest first. A token is an encrypted, signed value: the same
// string always decrypts to the same claims, so a server need not derive the key and
// decrypt it again on every request (about a millisecond each; see bench/README.md). The
// expiry is checked on every use, and a token never seen before is decrypted in full.
// What the claims are still worth (the user's current session version) is the caller's
// check, against the database, on every request.
const remembered = new Map<string, Remembered>();

/**
 * The claims in an Auth.js session token (a JWE encrypted with a key derived from one of
 * `secrets` and `salt`, the cookie's name), or null when the token is tampered with,
 * expired, or was made with none of the secrets. `secrets` is newest first, as Auth.js
 * takes them: any of them decrypts. What `auth()` reads for JWT sessions.
 */
export async function sessionTokenClaims(token: string, secrets: string[], salt: string): Promise<SessionClaims | null> {
  const nowS = Date.now() / 1000;
  const secretsKey = secrets.join(',');
  const known = remembered.get(token);
  if (known && known.secrets === secretsKey && known.salt === salt && nowS <= known.expiresAt + CLOCK_TOLERANCE_S) {
    return { userId: known.userId, sessionVersion: known.sessionVersion };
  }
  remembered.delete(token);
  if (secrets.length === 0) return null;

  let payload: JWT | null;
  try {
    payload = await decode({ token, secret: secrets, salt });
  } catch {
    return null; // tampered, expired, or made with another secret
  }
  const userId = payload?.sub;
  const expiresAt = payload?.exp;
  if (typeof userId !== 'string') return null;
  const sessionVersion = typeof payload?.sv === 'number' ? payload.sv : 0;
  if (typeof expiresAt === 'number') {
    remembered.set(token, { userId, sessionVersion, expiresAt, secrets: secretsKey, salt });
    if (remembered.size > REMEMBERED_TOKENS) remembered.delete(remembered.keys().next().value as string);
  }
  return { userId, sessionVersion };
}
