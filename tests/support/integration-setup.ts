import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A fresh PostgreSQL database for this run, or undefined to use in-memory PGlite. */
    databaseUrl: string | undefined;
    /** The server's maintenance database, for tests that need a scratch database of their own. */
    adminDatabaseUrl: string | undefined;
  }
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** Refuses anything but a local server, so a stray DATABASE_URL can never point tests at real data. */
export function assertLocalDatabaseUrl(url: string) {
  const host = new URL(url).hostname;
  if (!LOCAL_HOSTS.has(host)) {
    throw new Error(`Refusing to run tests against a non-local database (${host}); point DATABASE_URL at 127.0.0.1.`);
  }
}

export async function createScratchDatabase(adminUrl: string, prefix: string) {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const dropper = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await dropper.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

// Vitest's global setup: with DATABASE_URL set, every run gets its own database
// on that server (dropped afterwards), so runs never see each other's rows.
export default async function setup(project: TestProject) {
  const adminUrl = process.env.DATABASE_URL || undefined;
  if (/sk_live_/.test(process.env.STRIPE_SECRET_KEY ?? '')) {
    throw new Error('Refusing to run tests with a live Stripe key in STRIPE_SECRET_KEY.');
  }
  if (!adminUrl) {
    project.provide('databaseUrl', undefined);
    project.provide('adminDatabaseUrl', undefined);
    return;
  }
  assertLocalDatabaseUrl(adminUrl);
  const scratch = await createScratchDatabase(adminUrl, 'portal_flows_test');
  project.provide('databaseUrl', scratch.url);
  project.provide('adminDatabaseUrl', adminUrl);
  return () => scratch.drop();
}
