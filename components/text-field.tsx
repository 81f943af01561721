import type { InputHTMLAttributes, ReactNode } from 'react';

/**
 * A labelled text input in the forms' style: the label above, the input at full width, marked
 * invalid while the form shows an error, and described by the hint and error paragraphs the
 * form places (their ids in `describedBy`; a falsy entry is left out). `children` go under the
 * input, inside the field (a hint that belongs to it).
 */
export function TextField({
  id,
  label,
  describedBy = [],
  invalid = false,
  className = '',
  children,
  ...input
}: Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'className' | 'children' | 'aria-invalid' | 'aria-describedby'> & {
  id: string;
  label: ReactNode;
  describedBy?: (string | false | undefined)[];
  invalid?: boolean;
  /** The field's wrapper: its width in the form's layout. */
  className?: string;
  children?: ReactNode;
}) {
  return (
    <div className={`space-y-1 ${className}`}>
      <label htmlFor={id} className="block text-sm font-medium text-zinc-800">
        {label}
      </label>
      <input
        id={id}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy.filter(Boolean).join(' ') || undefined}
        className="block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm shadow-sm placeholder:text-zinc-400 focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600"
        {...input}
      />
      {children}
    </div>
  );
}
