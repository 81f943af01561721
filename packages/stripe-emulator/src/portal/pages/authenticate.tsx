import { AuthenticationStep } from '../authentication.js';
import type { PortalContext } from '../session.js';
import { PortalFrame } from './shared.js';

// The portal's 3-D Secure step, for the card update and update-confirm pages.

export function PortalAuthenticationPage({
  context,
  action,
  form,
}: {
  context: PortalContext;
  action: string;
  form: Readonly<Record<string, unknown>>;
}) {
  return (
    <PortalFrame context={context} title={context.l.t.authenticationHeading}>
      <AuthenticationStep l={context.l} action={action} form={form} />
    </PortalFrame>
  );
}
