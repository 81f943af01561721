import { describe, expect, it } from 'vitest';
import { emailLocale, magicLinkEmail, magicLinkMessages } from '@/lib/email/magic-link';
import { sendMagicLink } from '@/lib/email/send-magic-link';
import { defineSiteConfig } from '@/lib/site-config';
import { site } from '@/site.config';

// The sign-in e-mail: branded from site.config.ts (or any site), written in the customer's
// language, and sent through nodemailer in place of Auth.js's default message.

const acme = defineSiteConfig({
  name: 'Acme <Cloud> & Co',
  description: 'Cloud things.',
  supportEmail: 'help@acme.test',
  legal: { copyrightHolder: 'Acme Inc.' },
});
const url = 'https://billing.acme.test/api/auth/callback/nodemailer?token=abc&email=ada%40example.com';
const now = new Date('2026-01-01T00:00:00Z');
const in24Hours = new Date('2026-01-02T00:00:00Z');

describe('magicLinkEmail', () => {
  it('names the site in the subject, heading and text, with the link, its expiry and the support address', () => {
    const email = magicLinkEmail({ url, expires: in24Hours, locale: 'en', site, now });
    expect(email.subject).toBe(`Sign in to ${site.name}`);
    expect(email.text.split('\n')[0]).toBe(`Sign in to ${site.name}`);
    expect(email.text).toContain(`\n${url}\n`);
    expect(email.text).toContain('The link expires in 24 hours.');
    expect(email.text).toContain(`Questions? Write to ${site.supportEmail}.`);
  });

  it('escapes the site name and the link in the HTML, and links the button to the exact URL', () => {
    const email = magicLinkEmail({ url, expires: in24Hours, locale: 'en', site: acme, now });
    expect(email.subject).toBe('Sign in to Acme <Cloud> & Co');
    expect(email.html).toContain(
      '<h1 style="margin:0 0 16px;font-size:20px;line-height:28px;color:#09090b">Sign in to Acme &lt;Cloud&gt; &amp; Co</h1>',
    );
    expect(email.html).not.toContain('<Cloud>');
    const hrefs = [...email.html.matchAll(/href="([^"]+)"/g)].map((match) => match[1]!.replaceAll('&amp;', '&'));
    expect(hrefs).toEqual([url, url]);
    expect(email.html).toContain('<html lang="en">');
  });

  it('says "1 hour" for a link that expires within the hour', () => {
    const email = magicLinkEmail({ url, expires: new Date(now.getTime() + 20 * 60_000), locale: 'en', site, now });
    expect(email.text).toContain('The link expires in 1 hour.');
  });
});

describe('emailLocale', () => {
  it('picks the first language we write in, by preference, and falls back to English', () => {
    expect(emailLocale(null)).toBe('en');
    expect(emailLocale('')).toBe('en');
    expect(emailLocale('de-DE,de;q=0.9')).toBe('en');
    expect(emailLocale('en-GB,en;q=0.8')).toBe('en');
    expect(emailLocale('*;q=0.5, xx;q=0')).toBe('en');
  });

  it('offers exactly the languages magicLinkMessages has: adding one is a data change', () => {
    for (const locale of Object.keys(magicLinkMessages)) {
      expect(emailLocale(`${locale}-XX;q=0.9, zz;q=0.1`)).toBe(locale);
    }
  });
});

describe('sendMagicLink', () => {
  it('sends from the site name at EMAIL_FROM, replies to support, with the subject, text and HTML', async () => {
    const result = await sendMagicLink({
      transport: { jsonTransport: true },
      from: 'billing@acme.test',
      to: 'ada@example.com',
      url,
      expires: in24Hours,
      acceptLanguage: 'en-US,en;q=0.9',
      site: acme,
    });
    const message = JSON.parse((result as unknown as { message: string }).message) as {
      from: { name: string; address: string };
      to: { address: string }[];
      replyTo: { address: string }[];
      subject: string;
      text: string;
      html: string;
    };
    expect(message.from).toEqual({ name: 'Acme <Cloud> & Co', address: 'billing@acme.test' });
    expect(message.to.map((to) => to.address)).toEqual(['ada@example.com']);
    expect(message.replyTo.map((to) => to.address)).toEqual(['help@acme.test']);
    expect(message.subject).toBe('Sign in to Acme <Cloud> & Co');
    expect(message.text).toContain(url);
    expect(message.html).toContain('Sign in to Acme &lt;Cloud&gt; &amp; Co');
  });
});
