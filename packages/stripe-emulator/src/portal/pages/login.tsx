import { Alert } from '../components.js';
import type { Localized } from '../i18n/index.js';
import { Frame } from '../layout.js';

// The login page of a configuration with `login_page.enabled`.

export function LoginPage({ l, businessName, email, error }: { l: Localized; businessName: string; email?: string; error?: string }) {
  return (
    <Frame l={l} title={l.t.loginHeading} back={null} businessName={businessName}>
      <h1>{l.t.loginHeading}</h1>
      <p className="muted">{l.t.loginBody}</p>
      {error && <Alert kind="error">{error}</Alert>}
      <form method="post">
        <div className="field">
          <label htmlFor="email">{l.t.email}</label>
          <input id="email" name="email" type="email" autoComplete="email" defaultValue={email} required />
        </div>
        <button type="submit" className="block">
          {l.t.continue}
        </button>
      </form>
    </Frame>
  );
}
