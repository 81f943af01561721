import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { eventTypeBatches } from '@/lib/billing/catch-up';
import { HANDLED_EVENTS, isHandledEvent } from '@/lib/billing/webhooks';

// The events the webhook acts on are one typed list (lib/billing/webhooks.ts); the README's list
// of events to enable on the endpoint must be that list, and the catch-up filters by it.

describe('HANDLED_EVENTS', () => {
  it('is what README tells operators to enable on the webhook endpoint, no more, no less', () => {
    const readme = readFileSync('README.md', 'utf8');
    const section = /<!-- handled-events -->([\s\S]*?)<!-- \/handled-events -->/.exec(readme)?.[1];
    expect(section, 'README.md has a <!-- handled-events --> … <!-- /handled-events --> block').toBeDefined();
    const listed = [...section!.matchAll(/`([a-z_.]+)`/g)].map((match) => match[1]);
    expect(listed).toEqual([...HANDLED_EVENTS]);
  });

  it('has no duplicates, and the catch-up asks for exactly these in batches of the 20 types events.list accepts', () => {
    expect(new Set(HANDLED_EVENTS).size).toBe(HANDLED_EVENTS.length);
    const batches = eventTypeBatches();
    expect(batches.every((batch) => batch.length > 0 && batch.length <= 20)).toBe(true);
    expect(batches.flat()).toEqual([...HANDLED_EVENTS]);
    expect(batches.length).toBe(Math.ceil(HANDLED_EVENTS.length / 20));
  });

  it('answers isHandledEvent for its members only', () => {
    expect(isHandledEvent('customer.subscription.updated')).toBe(true);
    expect(isHandledEvent('product.created')).toBe(false);
  });
});
