import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Check your e-mail' };

export default function CheckEmailPage() {
  return (
    <div className="mx-auto max-w-sm">
      <h1 className="text-2xl font-semibold tracking-tight text-zinc-950">Check your e-mail</h1>
      <p className="mt-2 text-sm text-zinc-600">
        We sent you a sign-in link. It works once and expires in 24 hours.
      </p>
      <p className="mt-6 text-sm">
        <Link href="/signin" className="font-medium text-brand-700 hover:underline">
          Use another address
        </Link>
      </p>
    </div>
  );
}
