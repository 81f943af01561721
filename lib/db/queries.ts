import { eq } from 'drizzle-orm';
import type { Database } from './client';
import { customers, users, type Customer, type User } from './schema';

export async function findUserById(db: Database, id: string): Promise<User | null> {
  const [user] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return user ?? null;
}

export async function findUserByEmail(db: Database, email: string): Promise<User | null> {
  const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  return user ?? null;
}

/** Finds the user with this e-mail or creates one; safe when two requests race. */
export async function upsertUserByEmail(db: Database, email: string): Promise<User> {
  const [created] = await db.insert(users).values({ email }).onConflictDoNothing({ target: users.email }).returning();
  if (created) return created;
  const existing = await findUserByEmail(db, email);
  if (!existing) throw new Error(`User ${email} vanished between insert and select`);
  return existing;
}

export async function findCustomerByUserId(db: Database, userId: string): Promise<Customer | null> {
  const [customer] = await db.select().from(customers).where(eq(customers.userId, userId)).limit(1);
  return customer ?? null;
}
