import { DEFAULT_LOCALE, type Locale } from '@/lib/i18n/config';
import { matchAcceptLanguage } from '@/lib/i18n/negotiate';
import type { SiteConfig } from '@/lib/site-config';

/**
 * The sign-in ("magic link") e-mail: its words per language, and the message built from
 * them. A language is one more entry in `magicLinkMessages`; nothing else changes.
 */

export interface MagicLinkMessages {
  subject: (site: string) => string;
  heading: (site: string) => string;
  intro: string;
  button: string;
  /** Shown above the bare link, for mail readers that hide buttons. */
  plainLink: string;
  expires: (hours: number) => string;
  ignore: string;
  help: (email: string) => string;
}

const en: MagicLinkMessages = {
  subject: (site) => `Sign in to ${site}`,
  heading: (site) => `Sign in to ${site}`,
  intro: 'Use the button below to sign in. It works once.',
  button: 'Sign in',
  plainLink: 'Or paste this link into your browser:',
  expires: (hours) => (hours === 1 ? 'The link expires in 1 hour.' : `The link expires in ${hours} hours.`),
  ignore: 'If you did not ask to sign in, ignore this e-mail: nobody can sign in without the link.',
  help: (email) => `Questions? Write to ${email}.`,
};

const fr: MagicLinkMessages = {
  subject: (site) => `Connexion à ${site}`,
  heading: (site) => `Connexion à ${site}`,
  intro: 'Utilisez le bouton ci-dessous pour vous connecter. Il ne sert qu’une fois.',
  button: 'Se connecter',
  plainLink: 'Ou collez ce lien dans votre navigateur :',
  expires: (hours) => (hours === 1 ? 'Le lien expire dans 1 heure.' : `Le lien expire dans ${hours} heures.`),
  ignore: 'Si vous n’avez pas demandé à vous connecter, ignorez cet e-mail : personne ne peut se connecter sans le lien.',
  help: (email) => `Des questions ? Écrivez à ${email}.`,
};

/** One entry per language the app speaks (lib/i18n/config.ts): a missing one is a type error. */
export const magicLinkMessages: Record<Locale, MagicLinkMessages> = { en, fr };

export type EmailLocale = Locale;

/** The language to write in for an Accept-Language header, decided as pages decide it, else English. */
export function emailLocale(acceptLanguage: string | null | undefined): EmailLocale {
  return matchAcceptLanguage(acceptLanguage) ?? DEFAULT_LOCALE;
}

export interface MagicLinkEmail {
  subject: string;
  text: string;
  html: string;
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => escapes[char] ?? char);

/** The e-mail for one sign-in link, in `locale`, branded with `site`. */
export function magicLinkEmail(input: { url: string; expires: Date; locale: EmailLocale; site: SiteConfig; now?: Date }): MagicLinkEmail {
  const m = magicLinkMessages[input.locale];
  const hours = Math.max(1, Math.round((input.expires.getTime() - (input.now ?? new Date()).getTime()) / 3_600_000));
  const name = input.site.name;
  const text = [m.heading(name), '', m.intro, '', input.url, '', m.expires(hours), m.ignore, m.help(input.site.supportEmail), ''].join(
    '\n',
  );
  const url = escapeHtml(input.url);
  const paragraph = (content: string) => `<p style="margin:0 0 16px;font-size:15px;line-height:22px;color:#3f3f46">${content}</p>`;
  const html = `<!doctype html>
<html lang="${input.locale}">
<body style="margin:0;padding:24px;background:#fafafa;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:480px;margin:0 auto;background:#ffffff;border:1px solid #e4e4e7;border-radius:8px">
<tr><td style="padding:32px">
<h1 style="margin:0 0 16px;font-size:20px;line-height:28px;color:#09090b">${escapeHtml(m.heading(name))}</h1>
${paragraph(escapeHtml(m.intro))}
<p style="margin:0 0 24px"><a href="${url}" style="display:inline-block;padding:10px 20px;border-radius:6px;background:#4f46e5;color:#ffffff;font-weight:600;text-decoration:none">${escapeHtml(m.button)}</a></p>
${paragraph(`${escapeHtml(m.plainLink)}<br><a href="${url}" style="color:#4f46e5;word-break:break-all">${url}</a>`)}
${paragraph(`${escapeHtml(m.expires(hours))} ${escapeHtml(m.ignore)}`)}
<p style="margin:0;font-size:13px;line-height:20px;color:#71717a">${escapeHtml(m.help(input.site.supportEmail))}</p>
</td></tr>
</table>
</body>
</html>
`;
  return { subject: m.subject(name), text, html };
}
