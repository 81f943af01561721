import 'server-only';
import { DrizzleAdapter } from '@auth/drizzle-adapter';
import NextAuth, { type NextAuthConfig } from 'next-auth';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import type { Provider } from 'next-auth/providers';
import Credentials from 'next-auth/providers/credentials';
import GitHub from 'next-auth/providers/github';
import Nodemailer from 'next-auth/providers/nodemailer';
import { z } from 'zod';
import { db } from '@/lib/db';
import { accounts, sessions, users, verificationTokens } from '@/lib/db/schema';
import { bumpSessionVersion, findSessionVersion, findUserWithCustomer, upsertUserByEmail, type UserWithCustomer } from '@/lib/db/queries';
import { sendMagicLink } from '@/lib/email/send-magic-link';
import { env } from '@/lib/env';
import { safeRedirectPath } from '@/lib/safe-redirect';
import { sessionTokenClaims, type SessionClaims } from '@/lib/session-token';
import { site } from '@/site.config';

declare module 'next-auth' {
  interface Session {
    user: { id: string; email: string; name?: string | null; image?: string | null };
  }
}

export const demoEmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email('Enter a valid e-mail address, such as ada@example.com.').max(254, 'That e-mail address is too long.'));

export const DEMO_PROVIDER_ID = 'demo';

function providers(): Provider[] {
  const list: Provider[] = [];
  if (env.auth.github) {
    list.push(GitHub({ clientId: env.auth.github.id, clientSecret: env.auth.github.secret }));
  }
  if (env.auth.email) {
    const { server, from } = env.auth.email;
    list.push(
      Nodemailer({
        server,
        from,
        // Our own e-mail, branded and in the customer's language, instead of Auth.js's default.
        async sendVerificationRequest({ identifier, url, expires, request }) {
          const acceptLanguage = request.headers.get('accept-language');
          await sendMagicLink({ transport: server, from, to: identifier, url, expires, acceptLanguage, site });
        },
      }),
    );
  }
  if (env.auth.demo) {
    // Demo sign-in: an e-mail address and no password. Only on in emulator mode (or
    // with AUTH_DEMO=true on a test key); lib/env.ts refuses it with a live key.
    list.push(
      Credentials({
        id: DEMO_PROVIDER_ID,
        name: 'Demo',
        credentials: { email: { label: 'E-mail', type: 'email' } },
        async authorize(credentials) {
          const email = demoEmailSchema.safeParse(credentials?.email);
          if (!email.success) return null;
          const user = await upsertUserByEmail(db, email.data);
          return { id: user.id, email: user.email, name: user.name };
        },
      }),
    );
  }
  return list;
}

export const enabledProviders = {
  github: Boolean(env.auth.github),
  email: Boolean(env.auth.email),
  demo: env.auth.demo,
};

const config: NextAuthConfig = {
  adapter: DrizzleAdapter(db, {
    usersTable: users,
    accountsTable: accounts,
    sessionsTable: sessions,
    verificationTokensTable: verificationTokens,
  }),
  // Credentials sign-in only works with JWT sessions; the cookie is encrypted
  // with AUTH_SECRET, and every request re-reads what it needs from the database,
  // the user's session version included (signing out bumps it).
  session: { strategy: 'jwt', maxAge: env.auth.sessionMaxAge },
  // Newest first: Auth.js encrypts with the first and decrypts with any of them.
  secret: env.auth.secrets,
  trustHost: true,
  providers: providers(),
  pages: { signIn: '/signin', error: '/signin', verifyRequest: '/signin/check-email' },
  callbacks: {
    redirect({ url }) {
      return `${env.appUrl}${safeRedirectPath(url, env.appUrl)}`;
    },
    async jwt({ token, user }) {
      if (!token.sub) return token;
      const current = await findSessionVersion(db, token.sub);
      // At sign-in, record the version the cookie belongs to; afterwards (Auth.js's own
      // session endpoint) refuse a cookie from before a sign-out, as currentUser does.
      if (user) return current === null ? null : { ...token, sv: current };
      return current !== null && current === (typeof token.sv === 'number' ? token.sv : 0) ? token : null;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
  events: {
    // Signing out ends the session on the server, not only in this browser: every
    // cookie issued before now carries an older version and is refused.
    async signOut(message) {
      const userId = 'token' in message ? message.token?.sub : undefined;
      if (userId) await bumpSessionVersion(db, userId);
    },
  },
};

export const { handlers, signIn, signOut } = NextAuth(config);

// Auth.js names the session cookie after the scheme of APP_URL, and uses that
// name as the salt of the token's encryption key.
const SESSION_COOKIE = `${new URL(env.appUrl).protocol === 'https:' ? '__Secure-' : ''}authjs.session-token`;

/**
 * The session cookie's claims (user id, session version), decrypted with AUTH_SECRET
 * (which also checks its expiry). This is what Auth.js's `auth()` reads for JWT sessions,
 * without the rest of its request handler — it builds a Request and a refreshed
 * cookie that a page or a server action cannot send anyway — which was most of a
 * click's overhead over a bare action (see bench/README.md).
 */
async function sessionClaims(): Promise<SessionClaims | null> {
  // Cookies first: reading them is what makes every page that asks for the user dynamic,
  // even in a build that runs without AUTH_SECRET (a build never has sessions to read).
  const jar = await cookies();
  if (env.auth.secrets.length === 0) return null;
  // A large token is split across `name.0`, `name.1`, … cookies.
  const token =
    jar.get(SESSION_COOKIE)?.value ??
    jar
      .getAll()
      .filter((cookie) => cookie.name.startsWith(`${SESSION_COOKIE}.`))
      .sort((a, b) => Number(a.name.split('.').pop()) - Number(b.name.split('.').pop()))
      .map((cookie) => cookie.value)
      .join('');
  return token ? sessionTokenClaims(token, env.auth.secrets, SESSION_COOKIE) : null;
}

/**
 * The signed-in user with their Stripe customer id, re-read from the database (a
 * session can outlive its user, or have been signed out), or null. Cached per
 * request, so the header, a layout and its page share one lookup.
 */
export const currentUser = cache(async (): Promise<UserWithCustomer | null> => {
  const claims = await sessionClaims();
  if (!claims) return null;
  const user = await findUserWithCustomer(db, claims.userId);
  return user && user.sessionVersion === claims.sessionVersion ? user : null;
});

/** The signed-in user, or a redirect to /signin that brings them back to `returnPath`. */
export async function requireUser(returnPath: string): Promise<UserWithCustomer> {
  const user = await currentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(returnPath)}`);
  return user;
}
