import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SubmitButton } from '@/components/submit-button';
import { currentUser, enabledProviders } from '@/lib/auth';
import { env } from '@/lib/env';
import { safeRedirectPath } from '@/lib/safe-redirect';
import { demoSignInAction, githubSignInAction, magicLinkSignInAction } from './actions';
import { EmailSignInForm } from './email-sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

const authErrors: Record<string, string> = {
  CredentialsSignin: 'We could not sign you in with that e-mail address.',
  OAuthAccountNotLinked: 'That e-mail address is already linked to another sign-in method. Use the one you used before.',
  AccessDenied: 'Access was denied.',
  Verification: 'That sign-in link has expired or was already used. Ask for a new one.',
};

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const callbackUrl = safeRedirectPath(first(params.callbackUrl), env.appUrl);
  if (await currentUser()) redirect(callbackUrl);

  const errorCode = first(params.error);
  const error = errorCode ? (authErrors[errorCode] ?? 'Sign-in failed. Please try again.') : undefined;
  const anyProvider = enabledProviders.demo || enabledProviders.email || enabledProviders.github;

  return (
    <div className="mx-auto max-w-sm">
      <h1 className="text-2xl font-semibold tracking-tight text-zinc-950">Sign in</h1>
      <p className="mt-2 text-sm text-zinc-600">Sign in to manage your subscription and your card.</p>

      {error ? (
        <p role="alert" className="mt-6 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      ) : null}

      <div className="mt-6 space-y-6 rounded-lg border border-zinc-200 bg-white p-6 shadow-sm">
        {enabledProviders.demo ? (
          <section aria-labelledby="demo-heading" className="space-y-3">
            <h2 id="demo-heading" className="text-sm font-semibold text-zinc-900">
              Demo sign-in
            </h2>
            <EmailSignInForm
              action={demoSignInAction}
              callbackUrl={callbackUrl}
              submitLabel="Sign in"
              pendingLabel="Signing in…"
              hint="No password: any address works. Demo sign-in is on because this site runs against the local Stripe emulator."
            />
          </section>
        ) : null}

        {enabledProviders.email ? (
          <section aria-labelledby="email-heading" className="space-y-3">
            <h2 id="email-heading" className="text-sm font-semibold text-zinc-900">
              Sign in with a link by e-mail
            </h2>
            <EmailSignInForm
              action={magicLinkSignInAction}
              callbackUrl={callbackUrl}
              submitLabel="E-mail me a sign-in link"
              pendingLabel="Sending…"
            />
          </section>
        ) : null}

        {enabledProviders.github ? (
          <form action={githubSignInAction}>
            <input type="hidden" name="callbackUrl" value={callbackUrl} />
            <SubmitButton variant="secondary" className="w-full" pendingLabel="Redirecting to GitHub…">
              Sign in with GitHub
            </SubmitButton>
          </form>
        ) : null}

        {anyProvider ? null : (
          <p className="text-sm text-zinc-700">
            No sign-in method is configured. Set <code>AUTH_GITHUB_ID</code> and <code>AUTH_GITHUB_SECRET</code>, or{' '}
            <code>EMAIL_SERVER</code> and <code>EMAIL_FROM</code> (see <code>.env.example</code>).
          </p>
        )}
      </div>
    </div>
  );
}

function first(value: string | string[] | undefined) {
  return Array.isArray(value) ? value[0] : value;
}
