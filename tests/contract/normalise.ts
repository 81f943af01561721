import Stripe from 'stripe';

// The one place where what Stripe's test mode makes unpredictable is made comparable: ids become
// placeholders, timestamps become offsets from now, and a few fields that depend on the account
// or on chance become fixed markers. Tests compare the result with expectations written by hand,
// the same on both targets; nothing here hides a difference in shape, status, amount or wording.

/** A value after normalising: the same shape, with strings where ids, timestamps and markers were. */
export type Normalised<T> = T extends string
  ? string
  : T extends number
    ? number | string
    : T extends readonly (infer U)[]
      ? Normalised<U>[]
      : T extends object
        ? { [K in keyof T]: Normalised<T[K]> }
        : T;

export interface NormaliserOptions {
  /** Ids shown by name: `{ customer: 'cus_…' }` turns that id into `<customer>` wherever it appears. */
  readonly names?: Record<string, string>;
  /** The run id, shown as `<run>` (it is in metadata, e-mail addresses and descriptions). */
  readonly runId?: string;
  /** Origins of the target's hosted pages; a URL on one of them becomes `<hosted page>`. */
  readonly hostedOrigins?: readonly string[];
  /** How far from now (or from a whole number of months or days after it) a timestamp may be, in seconds. */
  readonly toleranceSeconds?: number;
}

/** An error as the contract compares it: Stripe's error type, code, param and (normalised) message. */
export interface NormalisedError {
  readonly type: string | undefined;
  readonly code?: string;
  readonly param?: string;
  readonly message: string;
}

/**
 * Fields whose values depend on the account or on chance, whatever the target. `null` stays `null`,
 * so a field that should be empty is still compared.
 */
const UNPREDICTABLE: Record<string, string> = {
  // An event is rendered in the account's default API version on Stripe, in the SDK's on the emulator.
  api_version: '<api version>',
  // Added by the SDK to each POST so that its retries are safe.
  idempotency_key: '<idempotency key>',
  // Random per customer; invoice numbers start with it.
  invoice_prefix: '<invoice prefix>',
  number: '<invoice number>',
  // Per card and account.
  fingerprint: '<fingerprint>',
  // The account's own country and name, printed on its invoices.
  account_country: '<account country>',
  account_name: '<account name>',
  // How many webhook endpoints the account has.
  pending_webhooks: '<pending webhooks>',
  request_log_url: '<request log url>',
};

// Stripe ids: a lower-case prefix (`cus`, `cs_test`, `il_tmp`) and at least ten letters and digits.
// A suffix without any digit or capital (`cancellation_requested`) is a word, not an id.
const ID = /\b([a-z]+(?:_[a-z]+)*)_([A-Za-z0-9]{10,})\b/g;
const isIdSuffix = (suffix: string) => /[A-Z0-9]/.test(suffix);

// Unix timestamps live in fields named like these (`created`, `canceled_at`, `current_period_end`,
// `start_date`, `billing_cycle_anchor`); amounts and counts never do.
const TIMESTAMP_KEY = /(^|_)(at|date|start|end|created|updated|anchor)$/;
const isTimestamp = (key: string, value: number) => TIMESTAMP_KEY.test(key) && Number.isInteger(value) && value >= 1e9 && value < 1e10;

/** `at` plus `months` calendar months, in UTC, clamped to the month's last day as Stripe's billing is. */
function addMonths(at: number, months: number): number {
  const date = new Date(at * 1000);
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  target.setUTCHours(date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds());
  return Math.floor(target.getTime() / 1000);
}

const signed = (n: number, unit: string) => `now${n < 0 ? '-' : '+'}${Math.abs(n)}${unit}`;

/**
 * A timestamp relative to `now`: `now`, `now+1mo`, `now+1y`, `now+14d`, else `now+<seconds>s`.
 * Months are calendar months (a period that starts on Jan 31 ends on Feb 28), tried from anchors
 * within the tolerance of now, so an object created just before midnight on a month's last day
 * still reads `now+1mo`.
 */
export function relativeTime(at: number, now: number, tolerance = 600): string {
  const delta = at - now;
  if (Math.abs(delta) <= tolerance) return 'now';
  const months = Math.round(delta / (30.44 * 86_400));
  if (months !== 0) {
    const anchors = [now - tolerance, now, now + tolerance];
    if (anchors.some((anchor) => Math.abs(addMonths(anchor, months) - at) <= tolerance)) {
      return months % 12 === 0 ? signed(months / 12, 'y') : signed(months, 'mo');
    }
  }
  const days = Math.round(delta / 86_400);
  if (days !== 0 && Math.abs(delta - days * 86_400) <= tolerance) return signed(days, 'd');
  return signed(delta, 's');
}

export class Normaliser {
  readonly #names = new Map<string, string>();
  readonly #numbered = new Map<string, string>();
  readonly #counts = new Map<string, number>();
  readonly #runId: string | undefined;
  readonly #hostedOrigins: readonly string[];
  readonly #tolerance: number;

  constructor(options: NormaliserOptions = {}) {
    for (const [label, id] of Object.entries(options.names ?? {})) this.name(label, id);
    this.#runId = options.runId;
    this.#hostedOrigins = options.hostedOrigins ?? [];
    this.#tolerance = options.toleranceSeconds ?? 600;
  }

  /** Shows `id` as `<label>` from now on. */
  name(label: string, id: string): this {
    this.#names.set(id, `<${label}>`);
    return this;
  }

  /**
   * `value` with ids, timestamps and unpredictable fields replaced. Object keys are visited in
   * sorted order, so numbered placeholders do not depend on the order a target sends fields in.
   */
  normalise<T>(value: T, now = Math.floor(Date.now() / 1000)): Normalised<T> {
    return this.#value(value, '', now) as Normalised<T>;
  }

  /** A Stripe error as the contract compares it; anything else is rethrown. */
  error(error: unknown): NormalisedError {
    if (!(error instanceof Stripe.errors.StripeError)) throw error;
    return {
      type: error.rawType,
      ...(error.code !== undefined && { code: error.code }),
      ...(error.param !== undefined && { param: error.param }),
      message: this.#string(error.message),
    };
  }

  #value(value: unknown, key: string, now: number): unknown {
    if (value === null || value === undefined) return value;
    if (key in UNPREDICTABLE && (typeof value === 'string' || typeof value === 'number')) return UNPREDICTABLE[key];
    if (typeof value === 'number') return isTimestamp(key, value) ? relativeTime(value, now, this.#tolerance) : value;
    if (typeof value === 'string') return this.#string(value);
    if (Array.isArray(value)) return value.map((entry) => this.#value(entry, key, now));
    if (typeof value === 'object') {
      // The SDK's Decimal (`unit_amount_decimal`) compares as the JSON it would be sent as.
      const toJSON = (value as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function') return this.#value(toJSON.call(value), key, now);
      const out: Record<string, unknown> = {};
      for (const entryKey of Object.keys(value).sort()) {
        out[entryKey] = this.#value((value as Record<string, unknown>)[entryKey], entryKey, now);
      }
      return out;
    }
    return value;
  }

  #string(text: string): string {
    if (this.#hostedOrigins.some((origin) => text === origin || text.startsWith(`${origin}/`))) return '<hosted page>';
    let out = text;
    for (const [id, label] of [...this.#names].sort(([a], [b]) => b.length - a.length)) out = out.split(id).join(label);
    if (this.#runId) out = out.split(this.#runId).join('<run>');
    return out.replace(ID, (match: string, prefix: string, suffix: string) =>
      isIdSuffix(suffix) ? this.#placeholder(match, prefix) : match,
    );
  }

  #placeholder(id: string, prefix: string): string {
    const known = this.#names.get(id) ?? this.#numbered.get(id);
    if (known) return known;
    const count = (this.#counts.get(prefix) ?? 0) + 1;
    this.#counts.set(prefix, count);
    const placeholder = `<${prefix}_${count}>`;
    this.#numbered.set(id, placeholder);
    return placeholder;
  }
}
