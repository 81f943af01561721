import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type Stripe from 'stripe';
import { Collection, type CollectionHooks, type Identified } from './collection.js';
import { ID_LENGTHS, randomString, type IdPrefix } from './random.js';

export { Collection, type Identified } from './collection.js';
export { randomString, type IdPrefix } from './random.js';

/**
 * The emulator's state: one collection per Stripe object type, holding objects exactly as the API
 * returns them (expandable fields stored as ids), plus named "extra" collections for state that is
 * not a Stripe object (a portal session's secret, a checkout's progress). Everything is persisted to
 * one JSON file, written atomically after changes.
 */
export interface CollectionTypes {
  customers: Stripe.Customer;
  products: Stripe.Product;
  prices: Stripe.Price;
  coupons: Stripe.Coupon;
  promotion_codes: Stripe.PromotionCode;
  payment_methods: Stripe.PaymentMethod;
  subscriptions: Stripe.Subscription;
  discounts: Stripe.Discount;
  invoices: Stripe.Invoice;
  invoiceitems: Stripe.InvoiceItem;
  events: Stripe.Event;
  webhook_endpoints: Stripe.WebhookEndpoint;
  billing_portal_configurations: Stripe.BillingPortal.Configuration;
  billing_portal_sessions: Stripe.BillingPortal.Session;
  checkout_sessions: Stripe.Checkout.Session;
  tax_ids: Stripe.TaxId;
  subscription_schedules: Stripe.SubscriptionSchedule;
}

export type CollectionName = keyof CollectionTypes;

/**
 * How long after a change the data file is rewritten. The whole store is written each time,
 * so writing after every request made a busy emulator spend most of its time serialising
 * (a few MB after a benchmark); changes within this window share one write, and close()
 * writes whatever is pending.
 */
export const SAVE_DELAY_MS = 500;

const COLLECTION_NAMES = [
  'customers',
  'products',
  'prices',
  'coupons',
  'promotion_codes',
  'payment_methods',
  'subscriptions',
  'discounts',
  'invoices',
  'invoiceitems',
  'events',
  'webhook_endpoints',
  'billing_portal_configurations',
  'billing_portal_sessions',
  'checkout_sessions',
  'tax_ids',
  'subscription_schedules',
] as const satisfies readonly CollectionName[];

export interface StoreOptions {
  /** JSON file to load from and persist to; `null` keeps everything in memory. */
  dataFile: string | null;
  /** Milliseconds since the epoch; injectable so tests can move time. */
  clock?: () => number;
}

interface PersistedState {
  version: 1;
  collections: Partial<Record<CollectionName, Identified[]>>;
  extras: Record<string, Identified[]>;
  webhook_secrets: Record<string, string>;
}

type CollectionMap = { [K in CollectionName]: Collection<CollectionTypes[K]> };
type Collections = Readonly<CollectionMap>;

export class Store implements Collections {
  readonly dataFile: string | null;
  readonly #clock: () => number;
  readonly #collections: CollectionMap;
  readonly #extras = new Map<string, Collection<Identified>>();
  /** Signing secrets of webhook endpoints, kept apart because Stripe returns them only on create. */
  readonly webhookSecrets = new Map<string, string>();
  /** Seconds the clock has been moved forward by `/_emulator/clock`; kept in memory only. */
  #clockOffset = 0;
  #saving: Promise<void> = Promise.resolve();
  #saveScheduled = false;
  #loading = false;
  /** Undo steps of the running transaction, newest last; `null` outside a transaction. */
  #journal: (() => void)[] | null = null;
  readonly #hooks: CollectionHooks = {
    changed: () => this.#markDirty(),
    willChange: (undo) => this.#journal?.push(undo),
  };

  private constructor(options: StoreOptions) {
    this.dataFile = options.dataFile;
    this.#clock = options.clock ?? Date.now;
    this.#collections = Object.fromEntries(COLLECTION_NAMES.map((name) => [name, new Collection(this.#hooks)])) as unknown as CollectionMap;
  }

  /** Creates a store and loads `dataFile` when it exists. */
  static async open(options: StoreOptions): Promise<Store> {
    const store = new Store(options);
    if (options.dataFile) await store.#load(options.dataFile);
    return store;
  }

  get customers() {
    return this.#collections.customers;
  }
  get products() {
    return this.#collections.products;
  }
  get prices() {
    return this.#collections.prices;
  }
  get coupons() {
    return this.#collections.coupons;
  }
  get promotion_codes() {
    return this.#collections.promotion_codes;
  }
  get payment_methods() {
    return this.#collections.payment_methods;
  }
  get subscriptions() {
    return this.#collections.subscriptions;
  }
  get discounts() {
    return this.#collections.discounts;
  }
  get invoices() {
    return this.#collections.invoices;
  }
  get invoiceitems() {
    return this.#collections.invoiceitems;
  }
  get events() {
    return this.#collections.events;
  }
  get webhook_endpoints() {
    return this.#collections.webhook_endpoints;
  }
  get billing_portal_configurations() {
    return this.#collections.billing_portal_configurations;
  }
  get billing_portal_sessions() {
    return this.#collections.billing_portal_sessions;
  }
  get checkout_sessions() {
    return this.#collections.checkout_sessions;
  }
  get tax_ids() {
    return this.#collections.tax_ids;
  }
  get subscription_schedules() {
    return this.#collections.subscription_schedules;
  }

  collection<K extends CollectionName>(name: K): Collection<CollectionTypes[K]> {
    return this.#collections[name];
  }

  /**
   * A persisted collection for state that is not a Stripe object, created on first use. Name it
   * after its owner (`portal_session_state`) so modules do not collide.
   */
  extra<T extends Identified>(name: string): Collection<T> {
    let collection = this.#extras.get(name);
    if (!collection) {
      collection = new Collection<Identified>(this.#hooks);
      this.#extras.set(name, collection);
    }
    return collection as unknown as Collection<T>;
  }

  /**
   * Runs `fn` so that either all of its changes stay or, if it throws, none do: a request that
   * fails halfway (a declined card after the subscription was written) leaves no trace, and the
   * events it recorded are dropped before delivery. `fn` must be synchronous. A nested call is a
   * savepoint: its failure undoes only its own changes.
   */
  transaction<T>(fn: () => T): T {
    const outermost = this.#journal === null;
    const journal = (this.#journal ??= []);
    const savepoint = journal.length;
    try {
      const result = fn();
      if (result instanceof Promise) throw new Error('Store.transaction takes a synchronous function');
      return result;
    } catch (error) {
      this.#rollBackTo(journal, savepoint);
      throw error;
    } finally {
      if (outermost) this.#journal = null;
    }
  }

  /** Runs `fn` and then undoes everything it changed: for previews that must leave no trace. */
  dryRun<T>(fn: () => T): T {
    const outermost = this.#journal === null;
    const journal = (this.#journal ??= []);
    const savepoint = journal.length;
    try {
      return fn();
    } finally {
      this.#rollBackTo(journal, savepoint);
      if (outermost) this.#journal = null;
    }
  }

  #rollBackTo(journal: (() => void)[], savepoint: number): void {
    // Undo steps are journaled too while undoing would be wrong; detach them first.
    const steps = journal.splice(savepoint);
    const active = this.#journal;
    this.#journal = null;
    for (const undo of steps.reverse()) undo();
    this.#journal = active;
  }

  /** Unix seconds, Stripe's timestamp unit. */
  now(): number {
    return Math.floor(this.#clock() / 1000) + this.#clockOffset;
  }

  /** Moves the clock forward (never back): what fell due in between happens when next looked at. */
  advanceClock(seconds: number): void {
    if (!Number.isInteger(seconds) || seconds < 0) throw new RangeError('The clock only moves forward, by whole seconds.');
    this.#clockOffset += seconds;
  }

  /** How far `advanceClock` has moved the clock, in seconds. */
  get clockOffset(): number {
    return this.#clockOffset;
  }

  newId(prefix: IdPrefix): string {
    return `${prefix}_${randomString(ID_LENGTHS[prefix])}`;
  }

  /** Empties every collection (the `/_emulator/reset` control). */
  reset(): void {
    for (const name of COLLECTION_NAMES) this.#collections[name].clear();
    for (const collection of this.#extras.values()) collection.clear();
    this.webhookSecrets.clear();
    this.#markDirty();
  }

  /** Resolves once everything changed so far is on disk. */
  async flush(): Promise<void> {
    if (this.#saveScheduled) await this.#writeNow();
    await this.#saving;
  }

  #markDirty(): void {
    if (this.#loading || !this.dataFile || this.#saveScheduled) return;
    this.#saveScheduled = true;
    setTimeout(() => void this.#writeNow(), SAVE_DELAY_MS);
  }

  #writeNow(): Promise<void> {
    if (!this.#saveScheduled) return this.#saving;
    this.#saveScheduled = false;
    const file = this.dataFile;
    if (!file) return this.#saving;
    this.#saving = this.#saving
      .then(() => writeAtomically(file, JSON.stringify(this.#snapshot())))
      .catch((error: unknown) => {
        console.error(`[emulator] could not save ${file}:`, error);
      });
    return this.#saving;
  }

  #snapshot(): PersistedState {
    return {
      version: 1,
      collections: Object.fromEntries(COLLECTION_NAMES.map((name) => [name, this.#collections[name].values()])),
      extras: Object.fromEntries([...this.#extras].map(([name, collection]) => [name, collection.values()])),
      webhook_secrets: Object.fromEntries(this.webhookSecrets),
    };
  }

  async #load(file: string): Promise<void> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    const state = JSON.parse(text) as PersistedState;
    if (state.version !== 1) throw new Error(`${file}: unsupported emulator data version ${String(state.version)}`);
    this.#loading = true;
    try {
      for (const name of COLLECTION_NAMES) {
        const collection = this.#collections[name] as Collection<Identified>;
        for (const record of state.collections[name] ?? []) collection.set(record);
      }
      for (const [name, records] of Object.entries(state.extras)) {
        const collection = this.extra(name);
        for (const record of records) collection.set(record);
      }
      for (const [id, secret] of Object.entries(state.webhook_secrets)) this.webhookSecrets.set(id, secret);
    } finally {
      this.#loading = false;
    }
  }
}

// The state holds customers' e-mail addresses and webhook secrets: owner-only.
async function writeAtomically(file: string, contents: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.${randomString(8)}.tmp`;
  try {
    await writeFile(temp, contents, { encoding: 'utf8', mode: 0o600 });
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
