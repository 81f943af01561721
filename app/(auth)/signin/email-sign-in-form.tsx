'use client';

import { useActionState, useId } from 'react';
import { SubmitButton } from '@/components/submit-button';
import { TextField } from '@/components/text-field';
import type { SignInFormState } from './actions';

/** One e-mail field and a button; used by the demo and the magic-link sign-in. */
export function EmailSignInForm({
  action,
  callbackUrl,
  submitLabel,
  pendingLabel,
  defaultEmail = '',
  hint,
  emailLabel,
  emailPlaceholder,
}: {
  action: (state: SignInFormState, formData: FormData) => Promise<SignInFormState>;
  callbackUrl: string;
  submitLabel: string;
  pendingLabel: string;
  defaultEmail?: string;
  hint?: string;
  /** In the page's language, from the server. */
  emailLabel: string;
  emailPlaceholder: string;
}) {
  const [state, formAction] = useActionState(action, {});
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  return (
    <form action={formAction} className="space-y-3" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <TextField
        id={`${id}-email`}
        label={emailLabel}
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.email ?? defaultEmail}
        invalid={Boolean(state.error)}
        describedBy={[Boolean(hint) && hintId, Boolean(state.error) && errorId]}
        placeholder={emailPlaceholder}
      >
        {hint ? (
          <p id={hintId} className="text-xs text-zinc-500">
            {hint}
          </p>
        ) : null}
      </TextField>
      <p id={errorId} aria-live="polite" className="min-h-5 text-sm text-red-700">
        {state.error}
      </p>
      <SubmitButton className="w-full" pendingLabel={pendingLabel}>
        {submitLabel}
      </SubmitButton>
    </form>
  );
}
