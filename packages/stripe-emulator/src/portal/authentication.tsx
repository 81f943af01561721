import type { Localized } from './i18n/index.js';

/**
 * The 3-D Secure step of the hosted pages. Stripe shows the bank's challenge in a frame; the
 * emulator shows a page with the two outcomes of Stripe's test challenge, "Complete
 * authentication" and "Fail authentication". The page re-posts the form it interrupted (card
 * fields, the submission token, the plan chosen) with `three_d_secure` set to the outcome, so it
 * works without JavaScript and keeps nothing on the server between the two posts.
 */

const AUTHENTICATION_FIELD = 'three_d_secure';

type AuthenticationOutcome = 'complete' | 'fail' | null;

/** The outcome the customer chose on the authentication step, or null before the step. */
export function authenticationOutcome(form: Readonly<Record<string, unknown>>): AuthenticationOutcome {
  const value = form[AUTHENTICATION_FIELD];
  return value === 'complete' || value === 'fail' ? value : null;
}

/** The challenge: the interrupted form's fields, hidden, and the two outcomes as buttons. */
export function AuthenticationStep({ l, action, form }: { l: Localized; action: string; form: Readonly<Record<string, unknown>> }) {
  const { t } = l;
  const fields = Object.entries(form).filter(
    (entry): entry is [string, string] => entry[0] !== AUTHENTICATION_FIELD && typeof entry[1] === 'string',
  );
  return (
    <>
      <h1>{t.authenticationHeading}</h1>
      <p>{t.authenticationBody}</p>
      <form method="post" action={action}>
        {fields.map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <div className="actions">
          <button type="submit" name={AUTHENTICATION_FIELD} value="complete">
            {t.completeAuthentication}
          </button>
          <button type="submit" name={AUTHENTICATION_FIELD} value="fail" className="secondary">
            {t.failAuthentication}
          </button>
        </div>
      </form>
    </>
  );
}
