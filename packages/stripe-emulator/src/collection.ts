// The ordered, journaled map that holds one kind of record in the emulator's store.

/** Anything with an id can live in a collection. */
export interface Identified {
  id: string;
}

/**
 * An ordered map of records. Iteration is in insertion order (oldest first); Stripe lists are
 * newest first, which `listObject` in `router.ts` takes care of.
 */
export interface CollectionHooks {
  /** Called after every change, to schedule persistence. */
  changed(): void;
  /** Called before every change with the function that undoes it, for `Store.transaction`. */
  willChange(undo: () => void): void;
}

export class Collection<T extends Identified> {
  readonly #records = new Map<string, T>();
  readonly #hooks: CollectionHooks;

  constructor(hooks: CollectionHooks) {
    this.#hooks = hooks;
  }

  get size(): number {
    return this.#records.size;
  }

  get(id: string): T | undefined {
    return this.#records.get(id);
  }

  has(id: string): boolean {
    return this.#records.has(id);
  }

  /** Adds a new record or replaces the one with the same id, keeping its position. */
  set(record: T): T {
    this.#willChange(record.id);
    this.#records.set(record.id, record);
    this.#hooks.changed();
    return record;
  }

  delete(id: string): boolean {
    if (!this.#records.has(id)) return false;
    this.#willChange(id);
    this.#records.delete(id);
    this.#hooks.changed();
    return true;
  }

  clear(): void {
    const previous = new Map(this.#records);
    this.#hooks.willChange(() => {
      this.#records.clear();
      for (const [id, record] of previous) this.#records.set(id, record);
    });
    this.#records.clear();
    this.#hooks.changed();
  }

  #willChange(id: string): void {
    const existed = this.#records.has(id);
    const previous = this.#records.get(id);
    this.#hooks.willChange(() => {
      if (existed) this.#records.set(id, previous as T);
      else this.#records.delete(id);
    });
  }

  /** Oldest first. */
  values(): T[] {
    return [...this.#records.values()];
  }

  find(predicate: (record: T) => boolean): T | undefined {
    for (const record of this.#records.values()) if (predicate(record)) return record;
    return undefined;
  }

  filter(predicate: (record: T) => boolean): T[] {
    return this.values().filter(predicate);
  }
}
