'use client';

import { useActionState, useId } from 'react';
import { SubmitButton } from '@/components/submit-button';
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
      <div className="space-y-1">
        <label htmlFor={`${id}-email`} className="block text-sm font-medium text-zinc-800">
          {emailLabel}
        </label>
        <input
          id={`${id}-email`}
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={state.email ?? defaultEmail}
          aria-invalid={state.error ? true : undefined}
          aria-describedby={[hint ? hintId : '', state.error ? errorId : ''].filter(Boolean).join(' ') || undefined}
          className="block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm shadow-sm placeholder:text-zinc-400 focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600"
          placeholder={emailPlaceholder}
        />
        {hint ? (
          <p id={hintId} className="text-xs text-zinc-500">
            {hint}
          </p>
        ) : null}
      </div>
      <p id={errorId} aria-live="polite" className="min-h-5 text-sm text-red-700">
        {state.error}
      </p>
      <SubmitButton className="w-full" pendingLabel={pendingLabel}>
        {submitLabel}
      </SubmitButton>
    </form>
  );
}
