'use client';

import { useActionState, useId, useState } from 'react';
import { SubmitButton } from '@/components/submit-button';
import { TextField } from '@/components/text-field';
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
        <TextField
          id={`${id}-hostname`}
          label={labels.hostname}
          className="min-w-64 flex-1"
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
          invalid={Boolean(state.error)}
          describedBy={[hintId, Boolean(state.error) && errorId]}
          placeholder="app.example.com"
        />
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
