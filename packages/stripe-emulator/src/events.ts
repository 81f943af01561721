import { AsyncLocalStorage } from 'node:async_hooks';
import { createHmac } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import Stripe from 'stripe';
import type { Store } from './store.js';

/** The API version the emulator speaks: the one the installed `stripe` package pins. */
export const API_VERSION: string = Stripe.API_VERSION;

/** The request an event was caused by, as `event.request` reports it. */
export interface RequestInfo {
  readonly id: string | null;
  readonly idempotencyKey: string | null;
}

const requestContext = new AsyncLocalStorage<RequestInfo>();

/** Runs `fn` with `request` as the cause of every event recorded inside it. */
export function runInRequest<T>(request: RequestInfo, fn: () => T): T {
  return requestContext.run(request, fn);
}

type EventListener = (event: Stripe.Event) => void;
const listeners = new WeakMap<Store, Set<EventListener>>();

/** Subscribes to events recorded in `store`; returns the unsubscribe function. */
function onEventRecorded(store: Store, listener: EventListener): () => void {
  let set = listeners.get(store);
  if (!set) {
    set = new Set();
    listeners.set(store, set);
  }
  set.add(listener);
  return () => set.delete(listener);
}

/** A Stripe object as it can appear in `event.data.object`. */
type EventObject = Stripe.Event.Data.Object;

/**
 * Records a Stripe event about `object` (a snapshot is taken, so later changes do not leak into it)
 * and hands it to the delivery queue. Pass `previousAttributes` for `*.updated` events: the
 * top-level fields that changed, with their old values (see `changedAttributes`).
 */
export function recordEvent(
  store: Store,
  type: Stripe.Event.Type,
  object: object,
  previousAttributes?: Record<string, unknown>,
): Stripe.Event {
  const request = requestContext.getStore();
  const event = {
    id: store.newId('evt'),
    object: 'event',
    api_version: API_VERSION,
    created: store.now(),
    data: {
      object: structuredClone(object) as EventObject,
      ...(previousAttributes && { previous_attributes: structuredClone(previousAttributes) }),
    },
    livemode: false,
    pending_webhooks: 0,
    request: { id: request?.id ?? null, idempotency_key: request?.idempotencyKey ?? null },
    type,
  } as Stripe.Event;
  store.events.set(event);
  for (const listener of listeners.get(store) ?? []) listener(event);
  return event;
}

/**
 * The top-level fields whose values differ between two versions of an object, with their old
 * values: Stripe's `data.previous_attributes`. Returns `undefined` when nothing changed.
 */
export function changedAttributes<T extends object>(before: T, after: T): Partial<T> | undefined {
  const changed: Partial<T> = {};
  let any = false;
  for (const key of Object.keys(before) as (keyof T)[]) {
    if (!isDeepStrictEqual(before[key], after[key])) {
      changed[key] = before[key];
      any = true;
    }
  }
  return any ? changed : undefined;
}

/** `t=…,v1=…`, the `Stripe-Signature` header that `stripe.webhooks.constructEvent` verifies. */
function signPayload(payload: string, secret: string, timestamp: number): string {
  const signature = createHmac('sha256', secret).update(`${timestamp}.${payload}`).digest('hex');
  return `t=${timestamp},v1=${signature}`;
}

export interface RetryPolicy {
  /** Attempts per event and destination, the first included. */
  readonly maxAttempts: number;
  /** Delay before the second attempt; doubled for each one after. */
  readonly initialDelayMs: number;
  /** How long one attempt may take before it counts as failed. */
  readonly timeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, initialDelayMs: 1_000, timeoutMs: 10_000 };

export interface DeliveryAttempt {
  readonly event: string;
  readonly type: string;
  readonly url: string;
  readonly attempt: number;
  /** HTTP status, or `null` when the request failed or timed out. */
  readonly status: number | null;
  readonly error: string | null;
  readonly at: number;
}

interface Destination {
  readonly url: string;
  readonly secret: string;
  readonly endpointId: string | null;
}

const MAX_LOGGED_ATTEMPTS = 1_000;

/**
 * Sends recorded events to every enabled webhook endpoint in the store and to the configured
 * default URL, signed, in the background: a slow or failing receiver never holds up or breaks the
 * API. Failed attempts are retried with exponential backoff up to `maxAttempts`.
 */
export class WebhookDispatcher {
  readonly #store: Store;
  readonly #defaultDestination: Destination | null;
  readonly #retry: RetryPolicy;
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #inFlight = new Set<AbortController>();
  readonly #attempts: DeliveryAttempt[] = [];
  readonly #unsubscribe: () => void;
  #closed = false;

  readonly #log: (line: string) => void;

  constructor(store: Store, options: { url: string | null; secret: string; retry?: RetryPolicy; log?: (line: string) => void }) {
    this.#store = store;
    this.#log = options.log ?? (() => {});
    this.#defaultDestination = options.url ? { url: options.url, secret: options.secret, endpointId: null } : null;
    this.#retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.#unsubscribe = onEventRecorded(store, (event) => this.#enqueue(event));
  }

  /** Every attempt so far, oldest first (the last 1000). */
  get attempts(): readonly DeliveryAttempt[] {
    return this.#attempts;
  }

  clearAttempts(): void {
    this.#attempts.length = 0;
  }

  /** Stops retrying and aborts requests in flight. */
  close(): void {
    this.#closed = true;
    this.#unsubscribe();
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    for (const controller of this.#inFlight) controller.abort();
  }

  #destinationsFor(event: Stripe.Event): Destination[] {
    const destinations: Destination[] = [];
    for (const endpoint of this.#store.webhook_endpoints.values()) {
      if (endpoint.status !== 'enabled') continue;
      if (!endpoint.enabled_events.includes('*') && !endpoint.enabled_events.includes(event.type)) continue;
      const secret = this.#store.webhookSecrets.get(endpoint.id);
      if (secret) destinations.push({ url: endpoint.url, secret, endpointId: endpoint.id });
    }
    if (this.#defaultDestination) destinations.push(this.#defaultDestination);
    return destinations;
  }

  #enqueue(event: Stripe.Event): void {
    if (this.#closed) return;
    const destinations = this.#destinationsFor(event);
    if (destinations.length === 0) return;
    this.#store.events.set({ ...event, pending_webhooks: destinations.length });
    // Start after the current tick, so the API response that caused the event goes out first.
    for (const destination of destinations) this.#schedule(event.id, destination, 1, 0);
  }

  #schedule(eventId: string, destination: Destination, attempt: number, delayMs: number): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      void this.#attempt(eventId, destination, attempt);
    }, delayMs);
    this.#timers.add(timer);
  }

  async #attempt(eventId: string, destination: Destination, attempt: number): Promise<void> {
    const event = this.#store.events.get(eventId);
    if (!event || this.#closed) return;
    const payload = JSON.stringify(event, null, 2);
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(), this.#retry.timeoutMs);
    this.#inFlight.add(controller);
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(destination.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'Stripe-Signature': signPayload(payload, destination.secret, this.#store.now()),
        },
        body: payload,
        signal: controller.signal,
      });
      status = response.status;
      // Drain the body so the connection can be reused.
      await response.arrayBuffer().catch(() => undefined);
    } catch (cause) {
      error = controller.signal.aborted ? `timed out after ${this.#retry.timeoutMs} ms` : describeError(cause);
    } finally {
      clearTimeout(timeout);
      this.#inFlight.delete(controller);
    }
    if (this.#closed) return;

    this.#record({ event: event.id, type: event.type, url: destination.url, attempt, status, error, at: Date.now() });
    if (status !== null && status >= 200 && status < 300) {
      this.#markDelivered(eventId);
    } else if (attempt < this.#retry.maxAttempts) {
      this.#schedule(eventId, destination, attempt + 1, this.#retry.initialDelayMs * 2 ** (attempt - 1));
    } else {
      this.#log(
        `gave up delivering ${event.id} (${event.type}) to ${destination.url} after ${attempt} attempts: ${error ?? `HTTP ${status}`}`,
      );
    }
  }

  #markDelivered(eventId: string): void {
    const event = this.#store.events.get(eventId);
    if (event && event.pending_webhooks > 0) {
      this.#store.events.set({ ...event, pending_webhooks: event.pending_webhooks - 1 });
    }
  }

  #record(attempt: DeliveryAttempt): void {
    this.#attempts.push(attempt);
    if (this.#attempts.length > MAX_LOGGED_ATTEMPTS) this.#attempts.shift();
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
