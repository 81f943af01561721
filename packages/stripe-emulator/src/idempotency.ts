import { idempotencyEndpointMismatch, idempotencyInFlight, idempotencyMismatch } from './errors.js';

/** A response as sent, kept for replay. */
export interface SavedResponse {
  readonly status: number;
  readonly body: string;
}

interface Entry {
  readonly endpoint: string;
  readonly fingerprint: string;
  readonly createdAt: number;
  response: SavedResponse | null;
}

const TTL_MS = 24 * 60 * 60 * 1000;
const MAX_ENTRIES = 10_000;

export type IdempotencyOutcome =
  | { readonly kind: 'replay'; readonly response: SavedResponse }
  | { readonly kind: 'execute'; readonly save: (response: SavedResponse) => void; readonly discard: () => void };

/**
 * Stripe's idempotent requests: the first response for a key is saved and replayed for a retry
 * with the same parameters; the same key with other parameters or another endpoint is an
 * `idempotency_error`. Keys live 24 hours, per API key, in memory only (the SDK sends one with
 * every POST, so persisting them would only grow the data file).
 */
export class IdempotencyCache {
  readonly #entries = new Map<string, Entry>();

  /**
   * Looks the key up for this request. Throws when it conflicts; otherwise says whether to replay
   * a saved response or to execute and then `save` (or `discard`, for results Stripe does not keep).
   */
  begin(apiKey: string, key: string, endpoint: string, params: unknown): IdempotencyOutcome {
    this.#prune();
    const scope = `${apiKey}\u0000${key}`;
    const fingerprint = canonicalJson(params);
    const existing = this.#entries.get(scope);
    if (existing) {
      if (existing.endpoint !== endpoint) throw idempotencyEndpointMismatch(key, existing.endpoint, endpoint);
      if (existing.fingerprint !== fingerprint) throw idempotencyMismatch(key);
      if (!existing.response) throw idempotencyInFlight();
      return { kind: 'replay', response: existing.response };
    }
    const entry: Entry = { endpoint, fingerprint, createdAt: Date.now(), response: null };
    this.#entries.set(scope, entry);
    return {
      kind: 'execute',
      save: (response) => {
        entry.response = response;
      },
      discard: () => {
        if (this.#entries.get(scope) === entry) this.#entries.delete(scope);
      },
    };
  }

  clear(): void {
    this.#entries.clear();
  }

  #prune(): void {
    const cutoff = Date.now() - TTL_MS;
    for (const [scope, entry] of this.#entries) {
      if (entry.createdAt >= cutoff && this.#entries.size <= MAX_ENTRIES) break;
      this.#entries.delete(scope);
    }
  }
}

/** JSON with object keys sorted, so that equal parameters compare equal whatever their order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
