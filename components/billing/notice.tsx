import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';

/** The message a landing page shows above the account: what just changed. */
export function Notice({
  tone = 'success',
  title,
  children,
}: {
  tone?: 'success' | 'info' | 'warning';
  title: string;
  children?: ReactNode;
}) {
  const styles = {
    success: 'border-emerald-200 bg-emerald-50 text-emerald-900',
    info: 'border-sky-200 bg-sky-50 text-sky-900',
    warning: 'border-amber-300 bg-amber-50 text-amber-900',
  }[tone];
  return (
    <div role="status" className={`rounded-lg border p-4 ${styles}`} data-testid="notice">
      <p className="font-semibold">{title}</p>
      {children ? <div className="mt-1 text-sm">{children}</div> : null}
    </div>
  );
}

export async function RefreshFailedNotice() {
  const t = await getTranslations('Notices');
  return (
    <Notice tone="warning" title={t('refreshFailedTitle')}>
      {t('refreshFailedText')}
    </Notice>
  );
}
