import { invalidRequest } from './errors.js';

/** Finds the object an id refers to, or `undefined` when it is not an id this resolver knows. */
export type ResolveId = (id: string) => object | undefined;

/**
 * Applies `expand[]` paths to a response: every id found at the end of a dotted path (and at each
 * step along it) is replaced by its object. Arrays are walked element by element, so list responses
 * use the `data.` prefix as on Stripe (`data.items.data.price.product`) and arrays of ids
 * (`discounts`) expand in place. Stored objects are never mutated; only the copied path changes.
 */
export function expandResponse(value: unknown, paths: readonly string[], resolve: ResolveId): unknown {
  let result = value;
  for (const path of paths) result = expandPath(result, path.split('.'), path, resolve);
  return result;
}

function expandPath(value: unknown, segments: readonly string[], path: string, resolve: ResolveId): unknown {
  if (Array.isArray(value)) return value.map((element) => expandPath(element, segments, path, resolve));
  const [head, ...rest] = segments;
  if (head === undefined || value === null || typeof value !== 'object') return value;
  if (!Object.hasOwn(value, head)) throw cannotExpand(path);
  const child = resolveIds((value as Record<string, unknown>)[head], path, resolve);
  return { ...value, [head]: expandPath(child, rest, path, resolve) };
}

function resolveIds(value: unknown, path: string, resolve: ResolveId): unknown {
  if (Array.isArray(value)) return value.map((element) => resolveIds(element, path, resolve));
  if (typeof value !== 'string') return value;
  const resolved = resolve(value);
  if (!resolved) throw cannotExpand(path);
  return resolved;
}

function cannotExpand(path: string) {
  return invalidRequest(`This property cannot be expanded (${path}).`, 'expand');
}
