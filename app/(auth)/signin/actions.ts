'use server';

import { AuthError } from 'next-auth';
import { getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { DEMO_PROVIDER_ID, demoEmailSchema, enabledProviders, signIn } from '@/lib/auth';
import { env } from '@/lib/env';
import { safeRedirectPath } from '@/lib/safe-redirect';

export interface SignInFormState {
  error?: string;
  email?: string;
}

const emailForm = z.object({ email: demoEmailSchema, callbackUrl: z.string().optional() });

// Auth.js signals success by throwing Next's redirect, so only its own AuthError
// is turned into a message; everything else (the redirect included) propagates.
async function signInWith(provider: string, options: Record<string, string>): Promise<SignInFormState | undefined> {
  try {
    await signIn(provider, options);
  } catch (error) {
    if (error instanceof AuthError) {
      return { error: (await getTranslations('SignIn'))('couldNotSignIn'), email: options.email };
    }
    throw error;
  }
}

/** Sign-in with an e-mail address through `provider`, when it is turned on. */
function emailSignIn(provider: string, enabled: boolean, disabledMessage: 'demoOff' | 'emailOff') {
  return async (_previous: SignInFormState, formData: FormData): Promise<SignInFormState> => {
    const raw = formData.get('email');
    const t = await getTranslations('SignIn');
    if (!enabled) return { error: t(disabledMessage) };
    const parsed = emailForm.safeParse({ email: raw, callbackUrl: formData.get('callbackUrl') ?? undefined });
    if (!parsed.success) {
      const tooLong = parsed.error.issues.some((issue) => issue.code === 'too_big');
      return { error: t(tooLong ? 'emailTooLong' : 'invalidEmail'), email: typeof raw === 'string' ? raw : '' };
    }
    const redirectTo = safeRedirectPath(parsed.data.callbackUrl, env.appUrl);
    return (await signInWith(provider, { email: parsed.data.email, redirectTo })) ?? {};
  };
}

const demoSignIn = emailSignIn(DEMO_PROVIDER_ID, enabledProviders.demo, 'demoOff');
const magicLinkSignIn = emailSignIn('nodemailer', enabledProviders.email, 'emailOff');

// A 'use server' file may export only async functions.
export async function demoSignInAction(previous: SignInFormState, formData: FormData) {
  return demoSignIn(previous, formData);
}

export async function magicLinkSignInAction(previous: SignInFormState, formData: FormData) {
  return magicLinkSignIn(previous, formData);
}

export async function githubSignInAction(formData: FormData): Promise<void> {
  if (!enabledProviders.github) return;
  const callbackUrl = formData.get('callbackUrl');
  await signIn('github', { redirectTo: safeRedirectPath(callbackUrl, env.appUrl) });
}
