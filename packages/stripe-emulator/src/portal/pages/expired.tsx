import { Alert, SubmissionToken, TextField } from '../components.js';
import { Frame } from '../layout.js';
import type { ExpiredSession } from '../session.js';

// A session URL opened after it expired. A session created with `after_expiration.customer_login`
// offers to open a new one once the customer confirms the e-mail address of the account.

export function ExpiredPage({ expired, email, error }: { expired: ExpiredSession; email?: string; error?: string }) {
  const { l, back, businessName, recoverAction } = expired;
  return (
    <Frame l={l} title={l.t.expiredHeading} back={back} businessName={businessName}>
      <h1>{l.t.expiredHeading}</h1>
      {recoverAction ? (
        <>
          <p>{l.t.recoverBody}</p>
          {error && <Alert kind="error">{error}</Alert>}
          <form method="post" action={recoverAction} noValidate>
            <SubmissionToken />
            <TextField id="email" type="email" label={l.t.email} value={email} autoComplete="email" error={error} />
            <button type="submit" className="block">
              {l.t.recoverButton}
            </button>
          </form>
        </>
      ) : (
        <p>{l.t.expiredBody}</p>
      )}
    </Frame>
  );
}
