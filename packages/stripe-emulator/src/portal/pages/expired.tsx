import type { Localized } from '../i18n/index.js';
import { Frame } from '../layout.js';
import type { PortalContext } from '../session.js';

// A session URL opened after it expired.

export function ExpiredPage({
  l,
  back,
  businessName,
}: {
  l: Localized;
  back: PortalContext['back'];
  businessName: string;
}) {
  return (
    <Frame l={l} title={l.t.expiredHeading} back={back} businessName={businessName}>
      <h1>{l.t.expiredHeading}</h1>
      <p>{l.t.expiredBody}</p>
    </Frame>
  );
}
