import type Stripe from 'stripe';
import { z } from 'zod';
import { StripeApiError, invalidParam, invalidRequest, parameterMissing, parameterUnknown } from './errors.js';
import { listObject, newestFirst, type PageParams } from './list.js';
import { pathParam, type ApiRequest, type ApiRoute } from './router.js';
import type { Store } from './store.js';

/**
 * Request parameters arrive form-encoded, so every leaf is a string: `quantity=2`, `active=false`,
 * `items[0][price]=price_1`. These helpers accept what Stripe accepts and turn zod's complaints into
 * Stripe's own errors. Build schemas with `z.strictObject` so unknown keys are rejected.
 */

const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?(\d+\.?\d*|\.\d+)$/;

/** An integer given as a number or a base-10 string; pass `inner` to add bounds. */
export function formInt(inner: z.ZodNumber = z.number().int()) {
  return z.preprocess((value) => (typeof value === 'string' && INTEGER.test(value) ? Number(value) : value), inner);
}

/** A number (integer or decimal) given as a number or a string; pass `inner` to add bounds. */
export function formNumber(inner: z.ZodNumber = z.number()) {
  return z.preprocess((value) => (typeof value === 'string' && DECIMAL.test(value) ? Number(value) : value), inner);
}

/** `true`/`false` as booleans or strings. */
export function formBool() {
  return z.preprocess((value) => (value === 'true' ? true : value === 'false' ? false : value), z.boolean());
}

/**
 * An array. The SDK writes `a[0]=x&a[1]=y`; `qs` turns large or sparse indices into an object
 * keyed by index, which is folded back into an array here.
 */
export function formArray<T extends z.ZodType>(item: T) {
  return z.preprocess((value) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const entries = Object.entries(value);
      if (entries.every(([key]) => INTEGER.test(key))) {
        return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, v]) => v);
      }
    }
    return value;
  }, z.array(item));
}

/**
 * A parameter that may be sent as the empty string to unset it (the SDK's `Emptyable<T>`);
 * the empty string becomes `null`.
 */
export function emptyable<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === '' ? null : value), schema.nullable());
}

/** `metadata[key]=value`; an empty value removes the key on update, an empty `metadata` clears it. */
export function metadataParam() {
  return emptyable(z.record(z.string(), z.string()));
}

/**
 * Merges a metadata update into the current metadata the way Stripe does: keys set to the empty
 * string are removed, `null` (sent as `metadata=`) clears everything.
 */
export function mergeMetadata(current: Record<string, string>, update: Record<string, string> | null | undefined): Record<string, string> {
  if (update === undefined) return current;
  if (update === null) return {};
  const merged = { ...current };
  for (const [key, value] of Object.entries(update)) {
    if (value === '') delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

/** `a.b.0.c` → `a[b][0][c]`, the way Stripe names nested parameters in errors. */
function bracketPath(path: readonly PropertyKey[]): string {
  const [head, ...rest] = path.map(String);
  return (head ?? '') + rest.map((segment) => `[${segment}]`).join('');
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment as string];
  }
  return value;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function toStripeError(issues: readonly z.core.$ZodIssue[], input: unknown): StripeApiError {
  // Stripe reports an unknown parameter before anything else, then a missing one.
  const unknown = issues.find((issue) => issue.code === 'unrecognized_keys');
  if (unknown) return parameterUnknown(bracketPath([...unknown.path, unknown.keys[0] ?? '']));

  const missing = issues.find((issue) => issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined);
  if (missing) return parameterMissing(bracketPath(missing.path));

  const issue = issues[0];
  if (!issue) return invalidRequest('Invalid request');
  const param = bracketPath(issue.path);
  const value = valueAt(input, issue.path);
  switch (issue.code) {
    case 'invalid_type':
      switch (issue.expected) {
        case 'number':
        case 'int':
          return invalidParam(`Invalid integer: ${describe(value)}`, param, 'parameter_invalid_integer');
        case 'boolean':
          return invalidParam(`Invalid boolean: ${describe(value)}`, param);
        case 'array':
          return invalidParam(`Invalid array`, param);
        case 'object':
        case 'record':
          return invalidParam(`Invalid object`, param);
        default:
          return invalidParam(`Invalid ${issue.expected}: ${describe(value)}`, param, 'parameter_invalid_string');
      }
    case 'invalid_value':
      return invalidParam(`Invalid ${param}: must be one of ${joinOr(issue.values.map(String))}`, param);
    case 'invalid_union':
      return invalidParam(`Invalid ${param}: ${describe(value)}`, param);
    case 'too_small':
      return invalidParam(`This value must be greater than or equal to ${String(issue.minimum)}.`, param);
    case 'too_big':
      return invalidParam(`This value must be less than or equal to ${String(issue.maximum)}.`, param);
    default:
      return invalidParam(issue.message, param);
  }
}

function joinOr(values: string[]): string {
  if (values.length <= 2) return values.join(' or ');
  return `${values.slice(0, -1).join(', ')}, or ${values.at(-1)}`;
}

/** Parses decoded request params with `schema`, throwing Stripe's error for the first problem. */
export function parseParams<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  throw toStripeError(result.error.issues, input);
}

/** The pagination parameters every list endpoint takes. */
export const paginationShape = {
  limit: formInt(z.number().int().min(1).max(100)).optional(),
  starting_after: z.string().optional(),
  ending_before: z.string().optional(),
};

/** `created[gte]=…` or `created=…`, as list endpoints accept. */
export const rangeQuery = z.union([
  formInt(),
  z.strictObject({
    gt: formInt().optional(),
    gte: formInt().optional(),
    lt: formInt().optional(),
    lte: formInt().optional(),
  }),
]);

export type RangeQuery = z.output<typeof rangeQuery>;

export function inRange(value: number, range: RangeQuery | undefined): boolean {
  if (range === undefined) return true;
  if (typeof range === 'number') return value === range;
  return (
    (range.gt === undefined || value > range.gt) &&
    (range.gte === undefined || value >= range.gte) &&
    (range.lt === undefined || value < range.lt) &&
    (range.lte === undefined || value <= range.lte)
  );
}

/** A postal address as Stripe accepts it; every part optional. */
export const addressParam = z.strictObject({
  city: z.string().optional(),
  country: z.string().optional(),
  line1: z.string().optional(),
  line2: z.string().optional(),
  postal_code: z.string().optional(),
  state: z.string().optional(),
});

/** The stored form of an address: every part present, unset ones `null`. */
export function toAddress(address: z.output<typeof addressParam>): {
  city: string | null;
  country: string | null;
  line1: string | null;
  line2: string | null;
  postal_code: string | null;
  state: string | null;
} {
  return {
    city: address.city ?? null,
    country: address.country ?? null,
    line1: address.line1 ?? null,
    line2: address.line2 ?? null,
    postal_code: address.postal_code ?? null,
    state: address.state ?? null,
  };
}

/** For endpoints that take no parameters besides `expand`. */
export const noParams = z.strictObject({});

/** `recurring` of a price (and of a product's `default_price_data`). */
export const recurringParam = z.strictObject({
  interval: z.enum(['day', 'week', 'month', 'year']),
  interval_count: formInt(z.number().int().min(1)).optional(),
  trial_period_days: formInt(z.number().int().min(0)).optional(),
  usage_type: z.enum(['licensed']).optional(),
});

/**
 * `METHOD /v1/<resources>/:id` taking no parameters (a retrieve, a delete, an action such as
 * `detach`): then `act` on the id, which answers the object or Stripe's `resource_missing`.
 * `present`, when given, turns the object into its API form (expansions, includable fields).
 */
export function idRoute<T extends object>(
  method: ApiRoute['method'],
  path: string,
  act: (store: Store, id: string) => T,
  present?: (object: T, request: ApiRequest) => object,
): ApiRoute {
  return {
    method,
    path,
    handler: (request) => {
      parseParams(noParams, request.params);
      const object = act(request.store, pathParam(request, 'id'));
      return present ? present(object, request) : object;
    },
  };
}

/** `GET /v1/<resources>/:id`: no parameters, then the object, or Stripe's `resource_missing` from `find`. The shape most resources share. */
export function retrieveRoute<T extends object>(
  path: string,
  find: (store: Store, id: string) => T,
  present?: (object: T, request: ApiRequest) => object,
): ApiRoute {
  return idRoute('GET', path, find, present);
}

/** `POST /v1/<resources>/:id`: the body parsed with `schema`, then `update`. */
export function updateRoute<S extends z.ZodType>(
  path: string,
  schema: S,
  update: (store: Store, id: string, params: z.output<S>, request: ApiRequest) => object,
): ApiRoute {
  return postRoute(path, schema, (request, params) => update(request.store, pathParam(request, 'id'), params, request));
}

/** A `POST` whose body is parsed with `schema` before `act` runs. */
function postRoute<S extends z.ZodType>(path: string, schema: S, act: (request: ApiRequest, params: z.output<S>) => object): ApiRoute {
  return { method: 'POST', path, handler: (request) => act(request, parseParams(schema, request.params)) };
}

/**
 * `POST /v1/<resources>`: the body parsed with `schema`, then `create`. `request` carries what a
 * few creators also need (`config`, `expand`).
 */
export function createRoute<S extends z.ZodType>(
  path: string,
  schema: S,
  create: (store: Store, params: z.output<S>, request: ApiRequest) => object,
): ApiRoute {
  return postRoute(path, schema, (request, params) => create(request.store, params, request));
}

/** A list route whose handler answers a typed Stripe list, so that another route can build on it. */
type ListRoute<T> = Omit<ApiRoute, 'handler'> & { readonly handler: (request: ApiRequest) => Stripe.ApiList<T> };

/**
 * `GET` of a list kept in its own order (an invoice's lines, a session's line items): the query
 * parsed with `schema` (pagination included), then one page of what `items` answers. The list's
 * `url` is `path` with its `:name` segments filled in; `objectName` names a missing cursor.
 */
export function pageRoute<S extends z.ZodType<PageParams>, T extends { id: string }>(
  path: string,
  schema: S,
  objectName: string,
  items: (request: ApiRequest, params: z.output<S>) => readonly T[],
): ListRoute<T> {
  return {
    method: 'GET',
    path,
    handler: (request) => {
      const params = parseParams(schema, request.params);
      const url = path.replace(/:(\w+)/g, (_, name: string) => pathParam(request, name));
      return listObject(items(request, params), params, url, objectName);
    },
  };
}

/**
 * `GET /v1/<resources>`: the query parsed with `schema`, `filter` picks the matching objects, and
 * the list answers them newest first, a page at a time, as Stripe does. `present`, when given,
 * turns each object of the page into its API form (expansions, embedded lists).
 */
export function listRoute<S extends z.ZodType<PageParams>, T extends { id: string; created: number }>(
  path: string,
  schema: S,
  objectName: string,
  filter: (store: Store, params: z.output<S>) => readonly T[],
  present?: (item: T, request: ApiRequest) => object,
): ApiRoute {
  const route = pageRoute(path, schema, objectName, (request, params) => newestFirst(filter(request.store, params)));
  if (!present) return route;
  return {
    ...route,
    handler: (request) => {
      const list = route.handler(request);
      return { ...list, data: list.data.map((item) => present(item, request)) };
    },
  };
}
