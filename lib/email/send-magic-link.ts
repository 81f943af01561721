import { createTransport, type TransportOptions } from 'nodemailer';
import type { SiteConfig } from '@/lib/site-config';
import { emailLocale, magicLinkEmail } from './magic-link';

export interface SendMagicLinkInput {
  /** An SMTP URL (EMAIL_SERVER) or nodemailer transport options (tests use `{ jsonTransport: true }`). */
  transport: string | TransportOptions | Record<string, unknown>;
  /** The bare sending address (EMAIL_FROM); the site's name is shown as the sender. */
  from: string;
  to: string;
  url: string;
  expires: Date;
  /** The request's Accept-Language header: the e-mail is written in the customer's language. */
  acceptLanguage: string | null;
  site: SiteConfig;
}

/**
 * Sends the branded sign-in e-mail: Auth.js's e-mail provider calls this instead of its
 * own unbranded message. Throws when the server refuses a recipient, so the sign-in form
 * reports a failure rather than "check your e-mail".
 */
export async function sendMagicLink(input: SendMagicLinkInput) {
  const message = magicLinkEmail({ url: input.url, expires: input.expires, locale: emailLocale(input.acceptLanguage), site: input.site });
  const transport = createTransport(input.transport as TransportOptions);
  const result = await transport.sendMail({
    to: input.to,
    from: { name: input.site.name, address: input.from },
    replyTo: input.site.supportEmail,
    subject: message.subject,
    text: message.text,
    html: message.html,
  });
  const failed = [...(result.rejected ?? []), ...((result as { pending?: unknown[] }).pending ?? [])].filter(Boolean);
  if (failed.length > 0) throw new Error(`The sign-in e-mail to ${failed.map(String).join(', ')} could not be sent`);
  return result;
}
