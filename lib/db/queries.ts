import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Database } from './client';
import {
  billingCatalog,
  customDomains,
  customers,
  paymentMethods,
  subscriptions,
  users,
  type CatalogEntry,
  type CatalogKind,
  type Customer,
  type CustomDomain,
  type PaymentMethod,
  type Subscription,
  type User,
} from './schema';

export async function findUserById(db: Database, id: string): Promise<User | null> {
  const [user] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return user ?? null;
}

export type UserWithCustomer = User & { stripeCustomerId: string | null };

function prepareUserWithCustomer(db: Database) {
  return db
    .select({ user: users, stripeCustomerId: customers.stripeCustomerId })
    .from(users)
    .leftJoin(customers, eq(customers.userId, users.id))
    .where(eq(users.id, sql.placeholder('id')))
    .limit(1)
    .prepare('find_user_with_customer');
}

// Every page and every click starts with this query, so it is built once per database
// rather than on every call (drizzle's query building was a fifth of its cost on PGlite).
const userWithCustomerStatements = new WeakMap<Database, ReturnType<typeof prepareUserWithCustomer>>();

/** A user and their Stripe customer id (null before their first subscription), in one query. */
export async function findUserWithCustomer(db: Database, id: string): Promise<UserWithCustomer | null> {
  let statement = userWithCustomerStatements.get(db);
  if (!statement) userWithCustomerStatements.set(db, (statement = prepareUserWithCustomer(db)));
  const [row] = await statement.execute({ id });
  return row ? { ...row.user, stripeCustomerId: row.stripeCustomerId } : null;
}

/** The user's current session version (see `users.sessionVersion`), or null when there is no such user. */
export async function findSessionVersion(db: Database, userId: string): Promise<number | null> {
  const [row] = await db.select({ sessionVersion: users.sessionVersion }).from(users).where(eq(users.id, userId)).limit(1);
  return row?.sessionVersion ?? null;
}

/** Ends every session of this user: cookies issued before carry the old version and are refused. */
export async function bumpSessionVersion(db: Database, userId: string): Promise<void> {
  await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId));
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

export async function findCatalogEntries(db: Database, kind: CatalogKind): Promise<CatalogEntry[]> {
  return db.select().from(billingCatalog).where(eq(billingCatalog.kind, kind));
}

export async function findCatalogEntry(db: Database, kind: CatalogKind, key: string): Promise<CatalogEntry | null> {
  const [entry] = await db
    .select()
    .from(billingCatalog)
    .where(and(eq(billingCatalog.kind, kind), eq(billingCatalog.key, key)))
    .limit(1);
  return entry ?? null;
}

/** The customer's subscriptions, newest first; canceled ones included for history. */
export async function findSubscriptionsByCustomer(db: Database, stripeCustomerId: string): Promise<Subscription[]> {
  return db
    .select()
    .from(subscriptions)
    .where(eq(subscriptions.stripeCustomerId, stripeCustomerId))
    .orderBy(desc(subscriptions.created), desc(subscriptions.id));
}

/** A subscription only if it belongs to this customer: unknown and foreign ids look the same. */
export async function findCustomerSubscription(
  db: Database,
  stripeCustomerId: string,
  subscriptionId: string,
): Promise<Subscription | null> {
  const [subscription] = await db
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.id, subscriptionId), eq(subscriptions.stripeCustomerId, stripeCustomerId)))
    .limit(1);
  return subscription ?? null;
}

export async function findPaymentMethodsByCustomer(db: Database, stripeCustomerId: string): Promise<PaymentMethod[]> {
  return db
    .select()
    .from(paymentMethods)
    .where(eq(paymentMethods.stripeCustomerId, stripeCustomerId))
    .orderBy(desc(paymentMethods.isDefault), paymentMethods.id);
}

/** The user's custom domains, oldest first. */
export async function findCustomDomainsByUser(db: Database, userId: string): Promise<CustomDomain[]> {
  return db
    .select()
    .from(customDomains)
    .where(eq(customDomains.userId, userId))
    .orderBy(asc(customDomains.createdAt), asc(customDomains.hostname));
}

/** Why a domain was not added: the user has it already, or has as many as allowed. */
export type AddCustomDomainRefusal = 'duplicate' | 'limit';

/**
 * Adds `hostname` to the user's domains unless they have it already or have `limit` of them.
 * The user's row is locked while counting, so two adds at once cannot both pass the limit.
 */
export async function addCustomDomain(
  db: Database,
  userId: string,
  hostname: string,
  limit: number,
): Promise<{ domain: CustomDomain } | { refused: AddCustomDomainRefusal }> {
  return db.transaction(async (tx) => {
    await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('update');
    const existing = await tx.select({ hostname: customDomains.hostname }).from(customDomains).where(eq(customDomains.userId, userId));
    if (existing.some((row) => row.hostname === hostname)) return { refused: 'duplicate' };
    if (existing.length >= limit) return { refused: 'limit' };
    const [domain] = await tx.insert(customDomains).values({ userId, hostname }).returning();
    if (!domain) throw new Error(`Custom domain ${hostname} was not inserted`);
    return { domain };
  });
}

/** Removes one of the user's domains; another user's id is treated as unknown (null). */
export async function removeCustomDomain(db: Database, userId: string, domainId: string): Promise<CustomDomain | null> {
  const [removed] = await db
    .delete(customDomains)
    .where(and(eq(customDomains.id, domainId), eq(customDomains.userId, userId)))
    .returning();
  return removed ?? null;
}
