'use client';

import { useActionState, useId, useState } from 'react';
import { SubmitButton } from '@/components/submit-button';
import type { ActionState } from '@/lib/billing/customer-action';
import { MAX_HOSTNAME_LENGTH } from '@/lib/custom-domains';
import { addCustomDomainAction } from './actions';

/**
 * "Add a domain": one hostname field; the action's refusal is announced under it. The field is
 * controlled so that a refused hostname stays there to be corrected (React empties uncontrolled
 * fields after every action); the page gives the form a new key once a domain is added.
 */
export function AddDomainForm({
  labels,
}: {
  /** In the page's language, from the server. */
  labels: { heading: string; hostname: string; hint: string; submit: string; pending: string };
}) {
  const [state, formAction] = useActionState<ActionState, FormData>(addCustomDomainAction, {});
  const [hostname, setHostname] = useState('');
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  return (
    <form action={formAction} className="space-y-2 border-t border-zinc-200 pt-4" data-testid="add-domain" noValidate>
      <h3 className="text-base font-semibold text-zinc-950">{labels.heading}</h3>
      <div className="flex flex-wrap items-end gap-3">
        <div className="min-w-64 flex-1 space-y-1">
          <label htmlFor={`${id}-hostname`} className="block text-sm font-medium text-zinc-800">
            {labels.hostname}
          </label>
          <input
            id={`${id}-hostname`}
            name="hostname"
            type="text"
            inputMode="url"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            required
            maxLength={MAX_HOSTNAME_LENGTH}
            value={hostname}
            onChange={(event) => setHostname(event.target.value)}
            aria-invalid={state.error ? true : undefined}
            aria-describedby={state.error ? `${hintId} ${errorId}` : hintId}
            className="block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm shadow-sm placeholder:text-zinc-400 focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600"
            placeholder="app.example.com"
          />
        </div>
        <SubmitButton pendingLabel={labels.pending}>{labels.submit}</SubmitButton>
      </div>
      <p id={hintId} className="text-xs text-zinc-500">
        {labels.hint}
      </p>
      <p id={errorId} role="status" aria-live="polite" className="min-h-5 text-sm text-red-700" data-testid="add-domain-error">
        {state.error}
      </p>
    </form>
  );
}
