import type Stripe from 'stripe';
import { resourceMissing } from './errors.js';

export interface PageParams {
  limit?: number | undefined;
  starting_after?: string | undefined;
  ending_before?: string | undefined;
}

const DEFAULT_LIMIT = 10;

/**
 * One page of a Stripe list object.
 *
 * `items` must already be filtered and ordered newest first, as Stripe lists are. `objectName`
 * names the cursor's object in the error for a cursor that does not exist ("No such customer: …").
 */
export function listObject<T extends { id: string }>(
  items: readonly T[],
  params: PageParams,
  url: string,
  objectName: string,
): Stripe.ApiList<T> {
  const limit = params.limit ?? DEFAULT_LIMIT;
  let page: T[];
  let hasMore: boolean;

  if (params.starting_after !== undefined) {
    const index = items.findIndex((item) => item.id === params.starting_after);
    if (index === -1) throw resourceMissing(objectName, params.starting_after, 'starting_after');
    page = items.slice(index + 1, index + 1 + limit);
    hasMore = index + 1 + limit < items.length;
  } else if (params.ending_before !== undefined) {
    const index = items.findIndex((item) => item.id === params.ending_before);
    if (index === -1) throw resourceMissing(objectName, params.ending_before, 'ending_before');
    const start = Math.max(0, index - limit);
    page = items.slice(start, index);
    hasMore = start > 0;
  } else {
    page = items.slice(0, limit);
    hasMore = limit < items.length;
  }

  return { object: 'list', data: page, has_more: hasMore, url };
}

/** Newest first: by `created` descending, later insertions first among equal timestamps. */
export function newestFirst<T extends { created: number }>(items: readonly T[]): T[] {
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => b.item.created - a.item.created || b.index - a.index)
    .map(({ item }) => item);
}

/**
 * Whether an object passes a list's equality filters: each of its `values` is compared with the
 * filter of the same name, and a filter left out (`undefined`) lets everything through. A filter
 * must have the type of the value it is compared with.
 */
export function matchesFilters<V extends object, F extends { readonly [K in keyof V]?: V[K] | undefined }>(
  filters: F,
  values: V & { readonly [K in Exclude<keyof V, keyof F>]: never },
): boolean {
  return Object.entries(values).every(([key, value]) => {
    const wanted: unknown = filters[key as keyof F];
    return wanted === undefined || value === wanted;
  });
}
