'use client';

import { createContext, useContext, type ReactNode } from 'react';
import type { Messages } from '@/lib/i18n/messages';

/**
 * The error page's words, translated on the server by the root layout and handed to
 * app/error.tsx, which must be a client component: that way no message catalogue or
 * ICU formatter is shipped to the browser.
 */
export type ErrorText = { [K in keyof Messages['ErrorPage']]: string };

const ErrorTextContext = createContext<ErrorText | null>(null);

export function ErrorTextProvider({ text, children }: { text: ErrorText; children: ReactNode }) {
  return <ErrorTextContext.Provider value={text}>{children}</ErrorTextContext.Provider>;
}

export function useErrorText(): ErrorText {
  const text = useContext(ErrorTextContext);
  if (!text) throw new Error('useErrorText() outside the root layout');
  return text;
}

/** `reference` is "Reference: {digest}" as written in messages/; the digest goes in its place. */
export function withDigest(reference: string, digest: string) {
  return reference.replace('{digest}', digest);
}
