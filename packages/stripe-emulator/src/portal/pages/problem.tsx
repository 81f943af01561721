import { Alert } from '../components.js';
import type { PortalContext } from '../session.js';
import { LinkButton, PortalFrame } from './shared.js';

// An action the portal refused, with Stripe's message.

export function ProblemPage({ context, heading, message }: { context: PortalContext; heading: string; message: string }) {
  return (
    <PortalFrame context={context} title={heading}>
      <h1>{heading}</h1>
      <Alert kind="error">{message}</Alert>
      {!context.flow && (
        <div className="actions">
          <LinkButton action={context.base} label={context.l.t.goBack} />
        </div>
      )}
    </PortalFrame>
  );
}
