'use server';

import { getTranslations } from 'next-intl/server';
import { redirect } from 'next/navigation';
import { saveLocaleChoice } from '@/lib/i18n/choice';
import { isLocale } from '@/lib/i18n/config';
import { env } from '@/lib/env';
import { safeRedirectPath } from '@/lib/safe-redirect';

export interface LanguageSwitchState {
  error?: string;
}

/** The language switch in the header: save the choice, then back to the page it was made on. */
export async function setLocaleAction(_previous: LanguageSwitchState, formData: FormData): Promise<LanguageSwitchState> {
  const locale = formData.get('locale');
  if (!isLocale(locale)) return { error: (await getTranslations('LanguageSwitch'))('invalid') };
  await saveLocaleChoice(locale);
  redirect(safeRedirectPath(formData.get('returnTo'), env.appUrl));
}
