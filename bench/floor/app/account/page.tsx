import type { Metadata } from 'next';
import { connection } from 'next/server';
import { updateCard } from './actions';

export const metadata: Metadata = { title: 'Account' };

// The floor's account page: the least a Next.js page needs for a working
// server-action form: a server component, a plain <form action> and a submit
// button, no client component. Rendered per request, as a signed-in page must be.
export default async function AccountPage() {
  await connection();
  return (
    <form action={updateCard}>
      <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white shadow-sm">
        Update card
      </button>
    </form>
  );
}
