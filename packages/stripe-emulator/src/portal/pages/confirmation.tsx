import { Alert } from '../components.js';
import type { PortalContext } from '../session.js';
import { PortalFrame } from './shared.js';

// Stripe's hosted confirmation (`after_completion.type=hosted_confirmation`).

export function ConfirmationPage({ context, message }: { context: PortalContext; message: string }) {
  const { t } = context.l;
  return (
    <PortalFrame context={context} title={t.doneHeading}>
      <h1>{t.doneHeading}</h1>
      <Alert kind="success">{message}</Alert>
    </PortalFrame>
  );
}
