/** The account page's heading, also above every landing page's notice. */
export function AccountHeader({ email }: { email?: string }) {
  return (
    <div>
      <h1 className="text-2xl font-semibold tracking-tight text-zinc-950">Your account</h1>
      <p className="mt-1 min-h-5 text-sm text-zinc-600">
        {email ? (
          <>
            Signed in as <span data-testid="account-email" className="font-medium text-zinc-900">{email}</span>
          </>
        ) : null}
      </p>
    </div>
  );
}
