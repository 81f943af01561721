import type Stripe from 'stripe';
import { invalidRequest, parameterMissing } from '../../errors.js';
import { idOf } from '../../ids.js';
import { mergeMetadata } from '../../params.js';
import type { Store } from '../../store.js';
import { addInterval } from '../amounts.js';
import { intervalOf, requireSameInterval, subscribablePrice } from '../subscriptions/records.js';
import { schedulePhase, type PhaseItem } from './records.js';
import type { PhaseInput } from './schemas.js';

// Phases as a request gives them, turned into the phases a schedule stores: each starts where the
// one before it ends, lasts until its `end_date`, for its `duration`, or else for one interval of
// its first price, and holds recurring prices of one currency.

/** Stripe's wording when no phase of an update says where the phases start. */
const MISSING_ANCHOR = 'The subscription schedule update is missing at least one phase with a `start_date` to anchor end dates to.';

function dateOf(value: number | 'now', now: number): number {
  return value === 'now' ? now : value;
}

function phaseItems(store: Store, input: PhaseInput, param: string, currency: string | null): PhaseItem[] {
  if (input.items.length === 0) throw parameterMissing(`${param}[items]`);
  const items = input.items.map((item, index) => ({
    price: subscribablePrice(store, item.price, `${param}[items][${index}][price]`, currency ?? null),
    quantity: item.quantity ?? 1,
  }));
  requireSameInterval(
    items.map((item) => item.price),
    `${param}[items]`,
  );
  return items;
}

function phaseEnd(input: PhaseInput, start: number, first: Stripe.Price, param: string, now: number): number {
  if (input.end_date !== undefined && input.duration !== undefined) {
    throw invalidRequest('You may only specify one of these parameters: duration, end_date.', param);
  }
  const end =
    input.end_date !== undefined
      ? dateOf(input.end_date, now)
      : input.duration !== undefined
        ? addInterval(start, input.duration.interval, input.duration.interval_count ?? 1)
        : addInterval(start, intervalOf(first).interval, intervalOf(first).count);
  if (end <= start) throw invalidRequest('The `end_date` of a phase must be after its `start_date`.', `${param}[end_date]`);
  return end;
}

/**
 * The phases of `inputs`, contiguous from `anchor` (a create's start) or from the first phase's
 * `start_date` (an update's). `currency` is the subscription's, or null to take the first price's.
 */
export function resolvePhases(
  store: Store,
  inputs: readonly PhaseInput[],
  anchor: number | null,
  currency: string | null,
): Stripe.SubscriptionSchedule.Phase[] {
  if (inputs.length === 0) throw parameterMissing('phases');
  const now = store.now();
  const phases: Stripe.SubscriptionSchedule.Phase[] = [];
  let phaseCurrency = currency;
  inputs.forEach((input, index) => {
    const param = `phases[${index}]`;
    const previous = phases.at(-1);
    const given = input.start_date === undefined ? null : dateOf(input.start_date, now);
    if (previous && given !== null && given !== previous.end_date) {
      throw invalidRequest(
        `The \`start_date\` of phase ${index} must equal the \`end_date\` of phase ${index - 1}: phases must be contiguous.`,
        `${param}[start_date]`,
      );
    }
    const start = previous?.end_date ?? given ?? anchor;
    if (start === null) throw invalidRequest(MISSING_ANCHOR, 'phases[0][start_date]');
    const items = phaseItems(store, input, param, phaseCurrency);
    const first = items[0]!.price;
    phaseCurrency ??= first.currency;
    const end = phaseEnd(input, start, first, param, now);
    const metadata = mergeMetadata({}, input.metadata);
    const phase = schedulePhase(first.currency, items, start, end, { metadata, proration_behavior: input.proration_behavior });
    // Item metadata given with the phase stays with its items.
    phases.push({
      ...phase,
      items: phase.items.map((item, itemIndex) => ({ ...item, metadata: mergeMetadata({}, input.items[itemIndex]?.metadata) })),
    });
  });
  return phases;
}

/** Whether two phases hold the same dates and items (price and quantity). */
export function samePhase(a: Stripe.SubscriptionSchedule.Phase, b: Stripe.SubscriptionSchedule.Phase): boolean {
  return a.start_date === b.start_date && a.end_date === b.end_date && sameItems(a.items, b.items);
}

/** Whether two lists of items name the same prices and quantities, in order. */
export function sameItems(
  a: readonly { price: string | { id: string }; quantity?: number | null }[],
  b: readonly { price: string | { id: string }; quantity?: number | null }[],
): boolean {
  return (
    a.length === b.length &&
    a.every((item, index) => idOf(item.price) === idOf(b[index]!.price) && (item.quantity ?? 1) === (b[index]!.quantity ?? 1))
  );
}
