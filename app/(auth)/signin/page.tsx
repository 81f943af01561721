import { getTranslations } from 'next-intl/server';
import { redirect } from 'next/navigation';
import { SubmitButton } from '@/components/submit-button';
import { currentUser, enabledProviders } from '@/lib/auth';
import { env } from '@/lib/env';
import { pageMetadata } from '@/lib/i18n/metadata';
import { safeRedirectPath } from '@/lib/safe-redirect';
import { demoSignInAction, githubSignInAction, magicLinkSignInAction } from './actions';
import { EmailSignInForm } from './email-sign-in-form';

export const generateMetadata = pageMetadata('signIn');

// The Auth.js error codes /signin?error=… explains; others get a general message.
const authErrors = ['CredentialsSignin', 'OAuthAccountNotLinked', 'AccessDenied', 'Verification'] as const;

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeRedirectPath(first(params.callbackUrl), env.appUrl);
  if (await currentUser()) redirect(callbackUrl);

  const t = await getTranslations('SignIn');
  const errorCode = authErrors.find((code) => code === first(params.error));
  const error = params.error ? t(`errors.${errorCode ?? 'default'}`) : undefined;
  const anyProvider = enabledProviders.demo || enabledProviders.email || enabledProviders.github;

  return (
    <div className="mx-auto max-w-sm">
      <h1 className="text-2xl font-semibold tracking-tight text-zinc-950">{t('title')}</h1>
      <p className="mt-2 text-sm text-zinc-600">{t('intro')}</p>

      {error ? (
        <p role="alert" className="mt-6 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      ) : null}

      <div className="mt-6 space-y-6 rounded-lg border border-zinc-200 bg-white p-6 shadow-sm">
        {enabledProviders.demo ? (
          <section aria-labelledby="demo-heading" className="space-y-3">
            <h2 id="demo-heading" className="text-sm font-semibold text-zinc-900">
              {t('demoHeading')}
            </h2>
            <EmailSignInForm
              action={demoSignInAction}
              callbackUrl={callbackUrl}
              submitLabel={t('demoSubmit')}
              pendingLabel={t('demoPending')}
              hint={t('demoHint')}
              emailLabel={t('emailLabel')}
              emailPlaceholder={t('emailPlaceholder')}
            />
          </section>
        ) : null}

        {enabledProviders.email ? (
          <section aria-labelledby="email-heading" className="space-y-3">
            <h2 id="email-heading" className="text-sm font-semibold text-zinc-900">
              {t('emailHeading')}
            </h2>
            <EmailSignInForm
              action={magicLinkSignInAction}
              callbackUrl={callbackUrl}
              submitLabel={t('emailSubmit')}
              pendingLabel={t('emailPending')}
              emailLabel={t('emailLabel')}
              emailPlaceholder={t('emailPlaceholder')}
            />
          </section>
        ) : null}

        {enabledProviders.github ? (
          <form action={githubSignInAction}>
            <input type="hidden" name="callbackUrl" value={callbackUrl} />
            <SubmitButton variant="secondary" className="w-full" pendingLabel={t('githubPending')}>
              {t('github')}
            </SubmitButton>
          </form>
        ) : null}

        {anyProvider ? null : <p className="text-sm text-zinc-700">{t.rich('noProvider', { code: (chunks) => <code>{chunks}</code> })}</p>}
      </div>
    </div>
  );
}

function first(value: string | string[] | undefined) {
  return Array.isArray(value) ? value[0] : value;
}
