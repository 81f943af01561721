import type { AdapterAccountType } from 'next-auth/adapters';
import type { Locale } from '@/lib/i18n/config';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique } from 'drizzle-orm/pg-core';

// Auth.js tables, shaped as @auth/drizzle-adapter expects (property names are its contract).

export const users = pgTable('users', {
  id: text('id')
    .primaryKey()
    .$defaultFn(() => crypto.randomUUID()),
  name: text('name'),
  email: text('email').unique(),
  emailVerified: timestamp('email_verified', { mode: 'date', withTimezone: true }),
  image: text('image'),
  /** The language the customer chose with the switch in the header (lib/i18n); null: their browser's. */
  locale: text('locale').$type<Locale>(),
  createdAt: timestamp('created_at', { mode: 'date', withTimezone: true }).notNull().defaultNow(),
  /**
   * Written into each session cookie at sign-in and compared on every request; signing
   * out bumps it, so that cookie (and every other one of this user's) stops working.
   */
  sessionVersion: integer('session_version').notNull().default(0),
});

export const accounts = pgTable(
  'accounts',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    type: text('type').$type<AdapterAccountType>().notNull(),
    provider: text('provider').notNull(),
    providerAccountId: text('provider_account_id').notNull(),
    refresh_token: text('refresh_token'),
    access_token: text('access_token'),
    expires_at: integer('expires_at'),
    token_type: text('token_type'),
    scope: text('scope'),
    id_token: text('id_token'),
    session_state: text('session_state'),
  },
  (table) => [primaryKey({ columns: [table.provider, table.providerAccountId] })],
);

export const sessions = pgTable('sessions', {
  sessionToken: text('session_token').primaryKey(),
  userId: text('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  expires: timestamp('expires', { mode: 'date', withTimezone: true }).notNull(),
});

export const verificationTokens = pgTable(
  'verification_tokens',
  {
    identifier: text('identifier').notNull(),
    token: text('token').notNull(),
    expires: timestamp('expires', { mode: 'date', withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.identifier, table.token] })],
);

/** One Stripe customer per user, and one user per Stripe customer. */
export const customers = pgTable('customers', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  stripeCustomerId: text('stripe_customer_id').notNull().unique(),
  /**
   * The database's clock when the sync function last began reading this customer from Stripe:
   * what we hold is Stripe's state as of then (lib/billing/sync.ts).
   */
  syncedAt: timestamp('synced_at', { mode: 'date', withTimezone: true }),
  createdAt: timestamp('created_at', { mode: 'date', withTimezone: true }).notNull().defaultNow(),
  // Billing details as Stripe holds them (invoices show these), from the same sync; the
  // customer edits them in the portal ("Edit billing details").
  billingName: text('billing_name'),
  billingEmail: text('billing_email'),
  billingPhone: text('billing_phone'),
  billingAddress: jsonb('billing_address').$type<BillingAddress | null>(),
  taxIds: jsonb('tax_ids').$type<CustomerTaxId[]>().notNull().default([]),
  /**
   * Whether invoices have a card to charge: the customer's default payment method, or one a live
   * subscription carries. A trial without one shows "Add a card" on /account.
   */
  hasDefaultPaymentMethod: boolean('has_default_payment_method').notNull().default(false),
});

/** Stripe's address fields, as on the customer. */
export interface BillingAddress {
  line1: string | null;
  line2: string | null;
  city: string | null;
  postalCode: string | null;
  state: string | null;
  country: string | null;
}

export interface CustomerTaxId {
  id: string;
  /** Stripe's tax ID type: `eu_vat`, `gb_vat`, `us_ein`, … */
  type: string;
  value: string;
}

export type User = typeof users.$inferSelect;
export type Customer = typeof customers.$inferSelect;

/**
 * Our copy of Stripe objects that billing.config.ts declares (products, prices,
 * coupons, promotion codes, portal configurations), keyed by their config key and
 * written by `npm run stripe:setup`, so pages and actions know Stripe ids without
 * asking Stripe.
 */
export const billingCatalog = pgTable(
  'billing_catalog',
  {
    kind: text('kind').$type<CatalogKind>().notNull(),
    key: text('key').notNull(),
    stripeId: text('stripe_id').notNull(),
    active: boolean('active').notNull().default(true),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    /**
     * The Stripe the id belongs to: its account (`acct_…`) and mode. Null on rows written
     * before these were recorded, which count as from an unknown Stripe (lib/billing/scope.ts).
     */
    stripeAccount: text('stripe_account'),
    stripeMode: text('stripe_mode').$type<StripeMode>(),
    updatedAt: timestamp('updated_at', { mode: 'date', withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.kind, table.key] })],
);

export type CatalogKind = 'product' | 'price' | 'coupon' | 'promotion_code' | 'portal_configuration';

/** Which Stripe the app talks to: the local emulator, or an account in test or live mode. */
export type StripeMode = 'emulator' | 'test' | 'live';

/**
 * A cache of the customer's subscriptions, rebuilt from Stripe by the sync function
 * (lib/billing/sync.ts). Stripe is the system of record; the account page reads
 * this so that rendering it never calls Stripe.
 */
export const subscriptions = pgTable(
  'subscriptions',
  {
    id: text('id').primaryKey(),
    stripeCustomerId: text('stripe_customer_id')
      .notNull()
      .references(() => customers.stripeCustomerId, { onDelete: 'cascade' }),
    status: text('status').$type<SubscriptionStatus>().notNull(),
    itemId: text('item_id').notNull(),
    priceId: text('price_id').notNull(),
    priceLookupKey: text('price_lookup_key'),
    productId: text('product_id').notNull(),
    productName: text('product_name').notNull(),
    unitAmount: integer('unit_amount'),
    currency: text('currency').notNull(),
    interval: text('interval').$type<'day' | 'week' | 'month' | 'year'>(),
    intervalCount: integer('interval_count').notNull().default(1),
    quantity: integer('quantity').notNull().default(1),
    currentPeriodStart: timestamp('current_period_start', { mode: 'date', withTimezone: true }),
    currentPeriodEnd: timestamp('current_period_end', { mode: 'date', withTimezone: true }),
    cancelAtPeriodEnd: boolean('cancel_at_period_end').notNull().default(false),
    cancelAt: timestamp('cancel_at', { mode: 'date', withTimezone: true }),
    canceledAt: timestamp('canceled_at', { mode: 'date', withTimezone: true }),
    endedAt: timestamp('ended_at', { mode: 'date', withTimezone: true }),
    trialStart: timestamp('trial_start', { mode: 'date', withTimezone: true }),
    trialEnd: timestamp('trial_end', { mode: 'date', withTimezone: true }),
    /** When a `paused` subscription was paused (`status_details.paused.transitioned_at`). */
    pausedAt: timestamp('paused_at', { mode: 'date', withTimezone: true }),
    /** When a paused subscription resumes on its own (its schedule's pause), null for a pause until resumed. */
    resumesAt: timestamp('resumes_at', { mode: 'date', withTimezone: true }),
    /** The subscription schedule attached to it (a timed pause, or a change at the period's end). */
    scheduleId: text('schedule_id'),
    /**
     * A plan change waiting for the period's end: the schedule's phase that starts after the
     * current one — its price, that price's product, and when it starts. Null when none waits.
     */
    pendingPriceId: text('pending_price_id'),
    pendingPriceLookupKey: text('pending_price_lookup_key'),
    pendingProductName: text('pending_product_name'),
    pendingChangeAt: timestamp('pending_change_at', { mode: 'date', withTimezone: true }),
    discount: jsonb('discount').$type<SubscriptionDiscount | null>(),
    cancellationDetails: jsonb('cancellation_details').$type<CancellationDetails | null>(),
    created: timestamp('created', { mode: 'date', withTimezone: true }).notNull(),
    syncedAt: timestamp('synced_at', { mode: 'date', withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('subscriptions_customer_idx').on(table.stripeCustomerId)],
);

export type SubscriptionStatus =
  'incomplete' | 'incomplete_expired' | 'trialing' | 'active' | 'past_due' | 'canceled' | 'unpaid' | 'paused';

export interface SubscriptionDiscount {
  couponId: string;
  name: string | null;
  percentOff: number | null;
  amountOff: number | null;
  currency: string | null;
  duration: string | null;
  end: string | null;
}

export interface CancellationDetails {
  reason: string | null;
  feedback: string | null;
  comment: string | null;
}

/** The customer's cards, from the same sync; `isDefault` is the one invoices charge. */
export const paymentMethods = pgTable(
  'payment_methods',
  {
    id: text('id').primaryKey(),
    stripeCustomerId: text('stripe_customer_id')
      .notNull()
      .references(() => customers.stripeCustomerId, { onDelete: 'cascade' }),
    brand: text('brand').notNull(),
    last4: text('last4').notNull(),
    expMonth: integer('exp_month').notNull(),
    expYear: integer('exp_year').notNull(),
    isDefault: boolean('is_default').notNull().default(false),
    syncedAt: timestamp('synced_at', { mode: 'date', withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('payment_methods_customer_idx').on(table.stripeCustomerId)],
);

export type Subscription = typeof subscriptions.$inferSelect;
export type PaymentMethod = typeof paymentMethods.$inferSelect;
export type CatalogEntry = typeof billingCatalog.$inferSelect;

/**
 * Every event of a type we act on, recorded once: the primary key makes a redelivery
 * (or the same event reaching two app instances, or the catch-up) a no-op, and the row
 * is written in the same transaction as the sync job it queues.
 */
export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: text('id').primaryKey(),
    type: text('type').notNull(),
    stripeCustomerId: text('stripe_customer_id'),
    outcome: text('outcome').$type<WebhookEventOutcome>().notNull(),
    /** `webhook`: delivered to the endpoint; `catch_up`: found by `npm run stripe:catch-up`. */
    source: text('source').$type<'webhook' | 'catch_up'>().notNull().default('webhook'),
    created: timestamp('created', { mode: 'date', withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { mode: 'date', withTimezone: true }).notNull().defaultNow(),
  },
  // A queued sync looks up its customer's events received since the last sync (needsSync in sync-queue.ts).
  (table) => [index('webhook_events_customer_received_idx').on(table.stripeCustomerId, table.receivedAt)],
);

/**
 * queued: a sync of its customer was queued (or one was already waiting);
 * already_synced: our last sync of the customer read Stripe after the event happened;
 * unknown_customer: not one of ours. Rows from before the queue may say `synced` (applied
 * in the request) or `ignored` (a type we do not act on, no longer recorded).
 */
export type WebhookEventOutcome = 'queued' | 'already_synced' | 'unknown_customer' | 'synced' | 'ignored';

export type WebhookEvent = typeof webhookEvents.$inferSelect;

/**
 * How far `npm run stripe:catch-up` (and its scheduled job) has read Stripe's event list:
 * every event created before `eventsUntil` is recorded in webhook_events, by a delivery
 * or by the catch-up itself. One row, named `events`.
 */
export const catchUpCursor = pgTable('catch_up_cursor', {
  name: text('name').primaryKey(),
  eventsUntil: timestamp('events_until', { mode: 'date', withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { mode: 'date', withTimezone: true }).notNull().defaultNow(),
});

/**
 * The hostnames a customer added on /account/domains: the demonstration of a feature a plan
 * unlocks (`custom_domains`), gated in its action by lib/billing/feature-action.ts. Kept when
 * the plan lapses (shown as inactive), so nothing is lost if the customer comes back.
 */
export const customDomains = pgTable(
  'custom_domains',
  {
    id: text('id')
      .primaryKey()
      .$defaultFn(() => crypto.randomUUID()),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    hostname: text('hostname').notNull(),
    createdAt: timestamp('created_at', { mode: 'date', withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [unique('custom_domains_user_hostname_unique').on(table.userId, table.hostname)],
);

export type CustomDomain = typeof customDomains.$inferSelect;
