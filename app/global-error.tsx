'use client';

import './globals.css';

// Shown when the root layout itself fails (app/error.tsx sits inside it and
// cannot catch that); it replaces the whole document, so it brings its own.
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body className="bg-zinc-50 font-sans text-zinc-900 antialiased">
        <main role="alert" className="mx-auto max-w-md px-4 py-16 text-center">
          <h1 className="text-2xl font-semibold tracking-tight text-zinc-950">Something went wrong</h1>
          <p className="mt-2 text-sm text-zinc-600">We could not load this page. Nothing was changed. Try again in a moment.</p>
          {error.digest ? <p className="mt-2 text-xs text-zinc-500">Reference: {error.digest}</p> : null}
          <button
            type="button"
            onClick={reset}
            className="mt-6 rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-700"
          >
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
