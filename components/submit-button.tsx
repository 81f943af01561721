'use client';

import type { ReactNode } from 'react';
import { useFormStatus } from 'react-dom';

const variants = {
  primary: 'bg-brand-600 text-white hover:bg-brand-700 disabled:bg-brand-600/60',
  secondary: 'border border-zinc-300 bg-white text-zinc-900 hover:bg-zinc-50 disabled:text-zinc-400',
  danger: 'border border-red-200 bg-white text-red-700 hover:bg-red-50 disabled:text-red-300',
  link: 'text-zinc-700 underline-offset-4 hover:text-zinc-950 hover:underline disabled:text-zinc-400',
} as const;

/**
 * A submit button for a server-rendered `<form action>`: works without
 * JavaScript, and with it shows `pendingLabel` and refuses a second submit while
 * the action runs.
 */
export function SubmitButton({
  children,
  pendingLabel,
  variant = 'primary',
  className = '',
  name,
  value,
}: {
  children: ReactNode;
  pendingLabel?: ReactNode;
  variant?: keyof typeof variants;
  className?: string;
  name?: string;
  value?: string;
}) {
  const { pending } = useFormStatus();
  const padding = variant === 'link' ? '' : 'px-4 py-2 shadow-sm';
  return (
    <button
      type="submit"
      name={name}
      value={value}
      disabled={pending}
      aria-disabled={pending}
      className={`inline-flex items-center justify-center gap-2 rounded-md text-sm font-medium transition-colors disabled:cursor-wait ${padding} ${variants[variant]} ${className}`}
    >
      {pending ? (
        <>
          <span aria-hidden="true" className="size-3.5 animate-spin rounded-full border-2 border-current border-t-transparent" />
          {pendingLabel ?? children}
        </>
      ) : (
        children
      )}
    </button>
  );
}
