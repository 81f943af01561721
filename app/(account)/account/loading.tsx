import { AccountHeader } from './account-header';

export default function AccountLoading() {
  return (
    <div className="space-y-8" aria-busy="true">
      <AccountHeader />
      <div className="rounded-lg border border-zinc-200 bg-white p-6 shadow-sm">
        <p className="sr-only" role="status">
          Loading your account…
        </p>
        <div className="h-5 w-32 animate-pulse rounded bg-zinc-200" />
        <div className="mt-4 h-4 w-64 animate-pulse rounded bg-zinc-100" />
      </div>
    </div>
  );
}
