import { getTranslations } from 'next-intl/server';

/** The account page's heading, also above every landing page's notice. */
export async function AccountHeader({ email }: { email?: string }) {
  const t = await getTranslations('Account');
  return (
    <div>
      <h1 className="text-2xl font-semibold tracking-tight text-zinc-950">{t('title')}</h1>
      <p className="mt-1 min-h-5 text-sm text-zinc-600">
        {email
          ? t.rich('signedInAs', {
              email,
              value: (chunks) => (
                <span data-testid="account-email" className="font-medium text-zinc-900">
                  {chunks}
                </span>
              ),
            })
          : null}
      </p>
    </div>
  );
}
