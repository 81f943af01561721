'use client';

import { useActionState, useId } from 'react';
import { SubmitButton } from '@/components/submit-button';
import type { ActionState } from '@/lib/billing/customer-action';
import { switchPlanAction } from './actions';

/** "Switch to <plan>": the subscription to change, an optional promotion code, and the button. */
export function SwitchPlanForm({
  lookupKey,
  subscriptions,
  labels,
}: {
  lookupKey: string;
  subscriptions: { id: string; label: string }[];
  /** In the page's language, from the server. */
  labels: { subscription: string; promotionCode: string; promotionCodeExample: string; submit: string; pending: string };
}) {
  const [state, formAction] = useActionState<ActionState, FormData>(switchPlanAction, {});
  const id = useId();
  const [only] = subscriptions;
  return (
    <form action={formAction} className="space-y-3">
      <input type="hidden" name="lookupKey" value={lookupKey} />
      {subscriptions.length === 1 && only ? (
        <input type="hidden" name="subscriptionId" value={only.id} />
      ) : (
        <div className="space-y-1">
          <label htmlFor={`${id}-subscription`} className="block text-xs font-medium text-zinc-700">
            {labels.subscription}
          </label>
          <select
            id={`${id}-subscription`}
            name="subscriptionId"
            className="block w-full rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm"
          >
            {subscriptions.map((subscription) => (
              <option key={subscription.id} value={subscription.id}>
                {subscription.label}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="space-y-1">
        <label htmlFor={`${id}-code`} className="block text-xs font-medium text-zinc-700">
          {labels.promotionCode}
        </label>
        <input
          id={`${id}-code`}
          name="promotionCode"
          autoComplete="off"
          autoCapitalize="characters"
          maxLength={40}
          className="block w-full rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm uppercase placeholder:normal-case"
          placeholder={labels.promotionCodeExample}
        />
      </div>
      <SubmitButton className="w-full" pendingLabel={labels.pending}>
        {labels.submit}
      </SubmitButton>
      <p role="status" aria-live="polite" className="text-sm text-red-700 empty:hidden">
        {state.error}
      </p>
    </form>
  );
}
