import type { ReactNode } from 'react';

/**
 * A section of the account pages: its `<h2>` (which names the section), a summary under it,
 * an action beside them (a button, a count), then the section's content. `card` draws it as
 * a bordered card; `plain` leaves it on the page, as the subscriptions list is.
 */
export function AccountSection({
  headingId,
  heading,
  summary,
  action,
  children,
  variant = 'card',
  testId,
}: {
  headingId: string;
  heading: ReactNode;
  summary?: ReactNode;
  action?: ReactNode;
  children?: ReactNode;
  variant?: 'card' | 'plain';
  testId?: string;
}) {
  const frame = variant === 'card' ? 'space-y-3 rounded-lg border border-zinc-200 bg-white p-5 shadow-sm' : 'space-y-4';
  return (
    <section aria-labelledby={headingId} className={frame} data-testid={testId}>
      <div className={`flex flex-wrap justify-between gap-3 ${summary ? 'items-start' : 'items-center'}`}>
        <div>
          <h2 id={headingId} className="text-lg font-semibold text-zinc-950">
            {heading}
          </h2>
          {summary}
        </div>
        {action}
      </div>
      {children}
    </section>
  );
}
