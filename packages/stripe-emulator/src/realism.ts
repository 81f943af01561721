import { z } from 'zod';

/**
 * How much the emulator behaves like api.stripe.com under load: every `/v1` answer takes
 * `latencyMs` ± `jitterMs` (uniformly), and more than `rateLimit` requests a second are refused
 * with Stripe's 429. Both are off by default so tests run fast; benchmarks turn them on, from
 * options, the command's environment or `POST /_emulator/realism`.
 */

export const realismSchema = z.strictObject({
  latencyMs: z.number().int().min(0).max(60_000).optional(),
  jitterMs: z.number().int().min(0).max(60_000).optional(),
  /** Requests per second, as a token bucket holding one second's worth; 0 turns the limit off. */
  rateLimit: z.number().int().min(0).max(100_000).optional(),
});

export type RealismSettings = Required<z.output<typeof realismSchema>>;

export class Realism {
  #settings: RealismSettings;
  #tokens: number;
  #refilledAt: number;
  readonly #now: () => number;

  constructor(settings: Partial<RealismSettings> = {}, now: () => number = () => performance.now()) {
    this.#now = now;
    this.#settings = { latencyMs: 0, jitterMs: 0, rateLimit: 0, ...settings };
    this.#tokens = this.#settings.rateLimit;
    this.#refilledAt = now();
  }

  get settings(): RealismSettings {
    return { ...this.#settings };
  }

  /** Changes some settings; a new rate limit starts with a full bucket. */
  configure(settings: Partial<RealismSettings>): RealismSettings {
    const rateChanged = settings.rateLimit !== undefined && settings.rateLimit !== this.#settings.rateLimit;
    this.#settings = { ...this.#settings, ...settings };
    if (rateChanged) {
      this.#tokens = this.#settings.rateLimit;
      this.#refilledAt = this.#now();
    }
    return this.settings;
  }

  /** How long this request's answer takes: the latency plus or minus up to the jitter, never below 0. */
  delayMs(random: () => number = Math.random): number {
    const { latencyMs, jitterMs } = this.#settings;
    return Math.max(0, Math.round(latencyMs + (random() * 2 - 1) * jitterMs));
  }

  /** Takes one request's token; false when the account is over its rate (Stripe answers 429). */
  admit(): boolean {
    const { rateLimit } = this.#settings;
    if (rateLimit === 0) return true;
    const now = this.#now();
    this.#tokens = Math.min(rateLimit, this.#tokens + ((now - this.#refilledAt) / 1000) * rateLimit);
    this.#refilledAt = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
