'use client';

import { useActionState, useId, useState, useSyncExternalStore } from 'react';
import { SubmitButton } from '@/components/submit-button';
import type { ActionState } from '@/lib/billing/customer-action';

const noSubscription = () => () => {};

/**
 * The seat count of a per-seat subscription. Without JavaScript it is a plain form: type a
 * number and "Update seats", or press "−"/"+", which submit the typed count moved by one.
 * With JavaScript "−"/"+" only change the number (within the plan's bounds) and show what
 * it costs; "Update seats" then opens Stripe's confirmation with the proration.
 */
export function SeatStepper({
  action,
  subscriptionId,
  current,
  minimum,
  maximum,
  unitPrice,
  labels,
}: {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  subscriptionId: string;
  current: number;
  minimum: number;
  maximum: number | null;
  /** "$19.00 per seat / month", shown beside the count. */
  unitPrice: string;
  labels: { legend: string; input: string; fewer: string; more: string; submit: string; pending: string; range: string };
}) {
  const [state, formAction] = useActionState(action, {});
  const [seats, setSeats] = useState(current);
  const inputId = useId();
  const messageId = useId();
  // False on the server and until hydration: "−"/"+" are then submit buttons, so the form works without JavaScript.
  const interactive = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );

  const clamp = (value: number) => Math.max(minimum, maximum === null ? value : Math.min(maximum, value));
  const stepButton = (delta: -1 | 1, label: string, symbol: string) => {
    const disabled = delta < 0 ? seats <= minimum : maximum !== null && seats >= maximum;
    const className =
      'inline-flex size-9 items-center justify-center rounded-md border border-zinc-300 bg-white text-lg font-medium text-zinc-900 hover:bg-zinc-50 disabled:text-zinc-300';
    return interactive ? (
      <button
        type="button"
        aria-label={label}
        className={className}
        disabled={disabled}
        onClick={() => setSeats((value) => clamp(value + delta))}
      >
        {symbol}
      </button>
    ) : (
      <button type="submit" name="adjust" value={String(delta)} aria-label={label} className={className}>
        {symbol}
      </button>
    );
  };

  return (
    <form action={formAction} aria-describedby={messageId} data-testid="seat-stepper">
      <fieldset className="flex flex-wrap items-center gap-2">
        <legend className="mb-1 text-sm font-medium text-zinc-950">{labels.legend}</legend>
        <input type="hidden" name="subscriptionId" value={subscriptionId} />
        {stepButton(-1, labels.fewer, '−')}
        <label htmlFor={inputId} className="sr-only">
          {labels.input}
        </label>
        <input
          id={inputId}
          name="quantity"
          type="number"
          inputMode="numeric"
          min={minimum}
          max={maximum ?? undefined}
          step={1}
          required
          value={seats}
          onChange={(event) => setSeats(Number(event.target.value))}
          className="w-20 rounded-md border border-zinc-300 px-3 py-1.5 text-center text-sm"
        />
        {stepButton(1, labels.more, '+')}
        <span className="text-sm text-zinc-600">× {unitPrice}</span>
        <SubmitButton variant="secondary" pendingLabel={labels.pending}>
          {labels.submit}
        </SubmitButton>
      </fieldset>
      <p className="mt-1 text-xs text-zinc-500">{labels.range}</p>
      <p id={messageId} role="status" aria-live="polite" className="text-sm text-red-700 empty:hidden">
        {state.error}
      </p>
    </form>
  );
}
