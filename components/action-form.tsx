'use client';

import { useActionState, useId, type ReactNode } from 'react';
import type { ActionState } from '@/lib/billing/customer-action';
import { SubmitButton } from './submit-button';

/**
 * A one-button form for a billing server action. Works without JavaScript (a
 * plain POST); with it, the button shows a pending state and cannot be pressed
 * twice, and a message the action returns is announced next to it.
 */
export function ActionForm({
  action,
  fields = {},
  children,
  pendingLabel,
  variant = 'secondary',
  className = '',
}: {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  fields?: Record<string, string>;
  children: ReactNode;
  pendingLabel: string;
  variant?: 'primary' | 'secondary' | 'danger';
  className?: string;
}) {
  const [state, formAction] = useActionState(action, {});
  const messageId = useId();
  return (
    <form action={formAction} className={`flex flex-col items-start gap-1 ${className}`} aria-describedby={messageId}>
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <SubmitButton variant={variant} pendingLabel={pendingLabel}>
        {children}
      </SubmitButton>
      <p id={messageId} role="status" aria-live="polite" className="text-sm text-red-700 empty:hidden">
        {state.error}
      </p>
    </form>
  );
}
