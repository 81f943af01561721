import { AsyncLocalStorage } from 'node:async_hooks';
import PQueue from 'p-queue';
import Stripe from 'stripe';

/**
 * Stripe's budget, per process. Stripe allows an account about 25 requests a second in test mode
 * and 100 in live mode, and answers 429 beyond that. Every call this process makes to Stripe
 * passes through one StripeBudget: at most `requestsPerSecond` start in any one-second window;
 * calls made for a person waiting (a click's portal session, a landing page's sync) start before
 * background ones (the queue's syncs, the catch-up); and a 429 pauses everything here for a
 * backoff, after which the refused request is tried again (Stripe did not run it).
 */

export type StripePriority = 'interactive' | 'background';

const PRIORITY: Record<StripePriority, number> = { interactive: 1, background: 0 };

const priority = new AsyncLocalStorage<StripePriority>();

/**
 * Runs `work` with its Stripe calls queued behind interactive ones. Calls outside it, like
 * everything a request handler does, are interactive.
 */
export function inBackground<T>(work: () => Promise<T>): Promise<T> {
  return priority.run('background', work);
}

export interface StripeBudgetOptions {
  /** Requests allowed to start in any one-second window. */
  requestsPerSecond: number;
  /** First pause after a 429; it doubles (with jitter) on each further 429 in a row, up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** How many times a rate-limited request is tried again before its 429 reaches the caller. */
  retries?: Record<StripePriority, number>;
}

export interface StripeBudgetStats {
  /** Requests sent (each try counts). */
  requests: number;
  /** 429s received for rate limiting. */
  rateLimited: number;
  /** Requests waiting for the budget now, by priority. */
  waiting: number;
}

type Response = Stripe.HttpClientResponse;

export class StripeBudget {
  readonly requestsPerSecond: number;
  readonly #queue: PQueue;
  readonly #backoffMs: number;
  readonly #maxBackoffMs: number;
  readonly #retries: Record<StripePriority, number>;
  #limitedInARow = 0;
  #resumeTimer: NodeJS.Timeout | undefined;
  #requests = 0;
  #rateLimited = 0;

  constructor(options: StripeBudgetOptions) {
    if (!Number.isFinite(options.requestsPerSecond) || options.requestsPerSecond <= 0) {
      throw new Error(`StripeBudget: requestsPerSecond must be positive (got ${options.requestsPerSecond})`);
    }
    this.requestsPerSecond = options.requestsPerSecond;
    // A sliding window (strict), so that no second ever holds more than the limit, unlike fixed
    // windows, which allow twice the limit across a window boundary.
    this.#queue = new PQueue({ intervalCap: Math.max(1, Math.floor(options.requestsPerSecond)), interval: 1000, strict: true });
    this.#backoffMs = options.backoffMs ?? 1000;
    this.#maxBackoffMs = options.maxBackoffMs ?? 16_000;
    this.#retries = options.retries ?? { interactive: 2, background: 8 };
  }

  get stats(): StripeBudgetStats {
    return { requests: this.#requests, rateLimited: this.#rateLimited, waiting: this.#queue.size };
  }

  /** Sends one request through the budget: `send` is called once per try. */
  async request(send: () => Promise<Response>): Promise<Response> {
    const level = priority.getStore() ?? 'interactive';
    for (let attempt = 0; ; attempt++) {
      const response = await this.#queue.add(
        () => {
          this.#requests += 1;
          return send();
        },
        { priority: PRIORITY[level] },
      );
      if (!isRateLimited(response)) {
        if (response.getStatusCode() !== 429) this.#limitedInARow = 0;
        return response;
      }
      this.#rateLimited += 1;
      this.#pause();
      if (attempt >= this.#retries[level]) return response;
      // The refused request was not run by Stripe: drop its answer and queue it again.
      if (response.dispose) response.dispose();
      else await response.toJSON().catch(() => undefined);
    }
  }

  /**
   * Stops starting requests for a backoff that grows while 429s keep coming. The requests already
   * under way when the first 429 came back answer 429 too: they do not lengthen the pause.
   */
  #pause() {
    if (this.#queue.isPaused) return;
    const exponent = Math.min(this.#limitedInARow, 10);
    this.#limitedInARow += 1;
    const ceiling = Math.min(this.#maxBackoffMs, this.#backoffMs * 2 ** exponent);
    const wait = ceiling / 2 + (Math.random() * ceiling) / 2;
    this.#queue.pause();
    clearTimeout(this.#resumeTimer);
    this.#resumeTimer = setTimeout(() => this.#queue.start(), wait);
    this.#resumeTimer.unref();
  }

  /** An HTTP client for the Stripe SDK that sends every request through this budget. */
  httpClient(inner: Stripe.HttpClient = Stripe.createNodeHttpClient()): Stripe.HttpClient {
    return {
      getClientName: () => inner.getClientName(),
      makeRequest: (...args: Parameters<Stripe.HttpClient['makeRequest']>) => this.request(() => inner.makeRequest(...args)),
    };
  }
}

/**
 * A 429 for going over the rate. A 429 with `Stripe-Should-Retry: true` is a lock timeout on one
 * object, which the SDK retries by itself; it is left to the SDK.
 */
function isRateLimited(response: Response): boolean {
  return response.getStatusCode() === 429 && response.getHeaders()['stripe-should-retry'] !== 'true';
}
