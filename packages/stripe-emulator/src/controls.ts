import { z } from 'zod';
import { compilePath } from './router.js';

/**
 * State behind the test controls under `/_emulator/`: injected faults and the log of API requests.
 */

export const faultSchema = z.strictObject({
  /** A path such as `/v1/billing_portal/sessions`; `:name` segments match any value. */
  path: z.string().startsWith('/'),
  method: z.enum(['GET', 'POST', 'DELETE']).optional(),
  count: z.number().int().min(1).default(1),
  kind: z.enum(['429', '500', 'hang']),
  /** How long a `hang` holds the request before answering normally. */
  hangMs: z.number().int().min(0).max(600_000).default(30_000),
});

/** `POST /_emulator/clock`: move the clock forward by some seconds, or to a Unix time. */
export const clockSchema = z
  .strictObject({
    advance_seconds: z
      .number()
      .int()
      .min(0)
      .max(20 * 366 * 86_400)
      .optional(),
    to: z.number().int().min(0).optional(),
  })
  .refine((body) => (body.advance_seconds === undefined) !== (body.to === undefined), 'Give either `advance_seconds` or `to`.');

export type FaultSpec = z.output<typeof faultSchema>;

export interface Fault extends FaultSpec {
  remaining: number;
}

export class FaultInjector {
  readonly #faults: { fault: Fault; pattern: RegExp }[] = [];

  add(spec: FaultSpec): Fault {
    const fault: Fault = { ...spec, remaining: spec.count };
    this.#faults.push({ fault, pattern: compilePath(spec.path).pattern });
    return fault;
  }

  clear(): void {
    this.#faults.length = 0;
  }

  list(): Fault[] {
    return this.#faults.map(({ fault }) => fault);
  }

  /** The first armed fault for this request, used up by one; `undefined` when none applies. */
  take(method: string, path: string): Fault | undefined {
    const index = this.#faults.findIndex(
      ({ fault, pattern }) => (fault.method === undefined || fault.method === method) && pattern.test(path),
    );
    const entry = this.#faults[index];
    if (!entry) return undefined;
    entry.fault.remaining -= 1;
    if (entry.fault.remaining === 0) this.#faults.splice(index, 1);
    return entry.fault;
  }
}

export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  /** The route's declared path (`/v1/customers/:id`), or `null` for an unrecognized URL. */
  readonly route: string | null;
  status: number | null;
  readonly at: number;
}

const MAX_LOGGED_REQUESTS = 10_000;

/** Every `/v1` request, so benchmarks and tests can count Stripe calls per user action. */
export class RequestLog {
  readonly #requests: LoggedRequest[] = [];
  #total = 0;

  record(method: string, path: string, route: string | null): LoggedRequest {
    const entry: LoggedRequest = { method, path, route, status: null, at: Date.now() };
    this.#total += 1;
    this.#requests.push(entry);
    if (this.#requests.length > MAX_LOGGED_REQUESTS) this.#requests.shift();
    return entry;
  }

  clear(): void {
    this.#requests.length = 0;
    this.#total = 0;
  }

  /** `{ total, counts: { 'POST /v1/customers': 2 }, routes: { 'GET /v1/customers/:id': 1 }, requests }`. */
  summary() {
    const counts: Record<string, number> = {};
    const routes: Record<string, number> = {};
    for (const request of this.#requests) {
      const byPath = `${request.method} ${request.path}`;
      counts[byPath] = (counts[byPath] ?? 0) + 1;
      const byRoute = `${request.method} ${request.route ?? request.path}`;
      routes[byRoute] = (routes[byRoute] ?? 0) + 1;
    }
    return { total: this.#total, counts, routes, requests: this.#requests };
  }
}
