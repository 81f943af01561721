/** In every page's footer when PORTAL_FLOWS_DEMO=true: this site is a public demo, not a shop. */
export function PublicDemoNotice({ demoSignIn, emulator }: { demoSignIn: boolean; emulator: boolean }) {
  return (
    <p
      role="note"
      data-testid="public-demo-notice"
      className="mx-auto mb-4 max-w-3xl rounded-md border-2 border-amber-500 bg-amber-50 px-4 py-3 text-sm font-semibold text-amber-950"
    >
      Public demo — not a real shop. {demoSignIn ? 'Anyone can sign in as any e-mail address, without a password. ' : ''}
      {emulator ? 'Billing runs on a Stripe emulator: no real payments are taken.' : 'Billing runs on a Stripe test account.'}
    </p>
  );
}
