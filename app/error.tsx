'use client';

import Link from 'next/link';
import { useErrorText, withDigest } from '@/components/error-text';

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useErrorText();
  return (
    <div role="alert" className="mx-auto max-w-md py-16 text-center">
      <h1 className="text-2xl font-semibold tracking-tight text-zinc-950">{t.title}</h1>
      <p className="mt-2 text-sm text-zinc-600">{t.text}</p>
      {error.digest ? <p className="mt-2 text-xs text-zinc-500">{withDigest(t.reference, error.digest)}</p> : null}
      <div className="mt-6 flex justify-center gap-3">
        <button
          type="button"
          onClick={reset}
          className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-700"
        >
          {t.tryAgain}
        </button>
        <Link href="/" className="rounded-md border border-zinc-300 bg-white px-4 py-2 text-sm font-medium hover:bg-zinc-50">
          {t.home}
        </Link>
      </div>
    </div>
  );
}
