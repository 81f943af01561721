import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The raw message, headers and body, as the client sent it. */
  raw: string;
}

export interface SmtpSink {
  /** `smtp://127.0.0.1:port`, for EMAIL_SERVER. */
  readonly url: string;
  readonly received: ReceivedMail[];
  /** The first message to `to`, waiting up to `timeoutMs` for it. */
  messageTo(to: string, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

/**
 * A local SMTP server that accepts every message and keeps it, on a free loopback port:
 * enough to prove that e-mail sign-in sends, without a mail provider. Plain SMTP, no
 * STARTTLS (its certificate would be self-signed) and no authentication.
 */
export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.server.address() as { port: number }).port));
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    async messageTo(to, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const message = received.find((mail) => mail.to.includes(to));
        if (message) return message;
        if (Date.now() > deadline) throw new Error(`no e-mail to ${to} within ${timeoutMs / 1000} s (received ${received.length})`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The sign-in link in an Auth.js magic-link e-mail (its text part), decoded. */
export function signInLink(mail: ReceivedMail, appUrl: string): string {
  // Quoted-printable soft line breaks and escapes, as nodemailer writes long lines.
  const text = mail.raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  const escaped = appUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}/api/auth/callback/nodemailer\\?[^\\s"<>]+`).exec(text);
  if (!match) throw new Error(`no sign-in link to ${appUrl} in the e-mail:\n${text.slice(0, 2000)}`);
  return match[0].replace(/&amp;/g, '&');
}
