import type { IncomingHttpHeaders } from 'node:http';
import type { Store } from './store.js';

/**
 * Routes are plain data: `{ method, path, handler }`. API routes live under `/v1`, take Stripe
 * authentication and return a Stripe object (the server handles JSON, `expand[]`, idempotency and
 * errors). Page routes serve the hosted pages (`/p/...`, `/c/...`): no bearer key, urlencoded form
 * posts, and an HTML or redirect reply.
 */

type ApiMethod = 'GET' | 'POST' | 'DELETE';
type PageMethod = 'GET' | 'POST';

/** What handlers may know about the running emulator. */
export interface EmulatorConfig {
  /** Where the emulator answers, e.g. `http://127.0.0.1:12111`; hosted page URLs start with it. */
  readonly baseUrl: string;
  /** How long a billing-portal session URL stays usable. */
  readonly portalTtlSeconds: number;
}

export interface ApiRequest {
  readonly store: Store;
  readonly config: EmulatorConfig;
  /** Path parameters by name (`:id` → `pathParams.id`). */
  readonly pathParams: Readonly<Record<string, string>>;
  /** The decoded form body (POST) or query string (GET, DELETE), without `expand`. */
  readonly params: Readonly<Record<string, unknown>>;
  /** The request path without the query string, e.g. `/v1/customers/cus_123`. */
  readonly path: string;
  /** The `Stripe-Version` the client sent, or the emulator's own version. */
  readonly apiVersion: string;
  /** The `expand[]` paths of the request; handlers of includable fields read them (the server expands ids). */
  readonly expand: readonly string[];
}

export interface ApiRoute {
  readonly method: ApiMethod;
  /** `/v1/subscriptions/:id`; `:name` segments become `pathParams.name`. */
  readonly path: string;
  /**
   * Synchronous, like everything that touches the store: the server runs it in a store
   * transaction, so a handler that throws halfway leaves nothing behind.
   */
  readonly handler: (request: ApiRequest) => object;
}

export interface PageRequest {
  readonly store: Store;
  readonly config: EmulatorConfig;
  readonly pathParams: Readonly<Record<string, string>>;
  /** The decoded query string. */
  readonly query: Readonly<Record<string, unknown>>;
  /** The decoded urlencoded body of a POST (empty for GET). */
  readonly form: Readonly<Record<string, unknown>>;
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
}

export type PageResponse =
  | { readonly kind: 'html'; readonly status: number; readonly body: string }
  | { readonly kind: 'redirect'; readonly status: 303; readonly location: string };

export interface PageRoute {
  readonly method: PageMethod;
  readonly path: string;
  /** Synchronous and transactional, like API handlers. */
  readonly handler: (request: PageRequest) => PageResponse;
}

/** An HTML reply; `body` is a complete document. */
export function html(body: string, status = 200): PageResponse {
  return { kind: 'html', status, body };
}

/** A 303 See Other, so that a form POST is followed by a GET. */
export function redirect(location: string): PageResponse {
  return { kind: 'redirect', status: 303, location };
}

/**
 * A feature of the emulator: its API routes, its page routes, and how to find its objects by id
 * for `expand[]`. The server is assembled from a list of modules (`emulator/modules.ts`).
 */
export interface EmulatorModule {
  readonly name: string;
  readonly apiRoutes?: readonly ApiRoute[];
  readonly pageRoutes?: readonly PageRoute[];
  /** Returns the API representation of the object with this id, or `undefined` if not its kind. */
  readonly resolve?: (store: Store, id: string) => object | undefined;
  /**
   * Brings the module's objects up to the clock, with the events Stripe would have sent on its own
   * schedule (renewals, trial ends, scheduled changes). Run after `POST /_emulator/clock`.
   */
  readonly settle?: (store: Store) => void;
}

interface CompiledRoute<R> {
  readonly route: R;
  readonly method: string;
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

export interface RouteMatch<R> {
  readonly route: R;
  readonly pathParams: Record<string, string>;
}

/** Matches a method and path against routes declared with `:param` segments. */
export class RouteTable<R extends { readonly method: string; readonly path: string }> {
  readonly #routes: CompiledRoute<R>[];

  constructor(routes: Iterable<R>) {
    this.#routes = [...routes].map((route) => {
      const { pattern, names } = compilePath(route.path);
      return { route, method: route.method, pattern, names };
    });
  }

  match(method: string, path: string): RouteMatch<R> | undefined {
    for (const compiled of this.#routes) {
      if (compiled.method !== method) continue;
      const match = compiled.pattern.exec(path);
      if (!match) continue;
      const pathParams: Record<string, string> = {};
      compiled.names.forEach((name, index) => {
        pathParams[name] = decodeURIComponent(match[index + 1] ?? '');
      });
      return { route: compiled.route, pathParams };
    }
    return undefined;
  }
}

/** `/v1/customers/:id` → a regex with one capture per `:name` segment. */
export function compilePath(path: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = path
    .split('/')
    .map((segment) => {
      if (segment.startsWith(':')) {
        names.push(segment.slice(1));
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { pattern: new RegExp(`^${source}/?$`), names };
}

/** A path parameter the route declares (`:id`); always present once the route matched. */
export function pathParam(request: { readonly pathParams: Readonly<Record<string, string>> }, name: string): string {
  const value = request.pathParams[name];
  if (value === undefined) throw new Error(`route has no :${name} parameter`);
  return value;
}
