import { getTranslations } from 'next-intl/server';
import { env } from '@/lib/env';
import { site } from '@/site.config';
import { PublicDemoNotice } from './public-demo-notice';

export async function SiteFooter() {
  const t = await getTranslations('Layout');
  const links = [
    { href: `mailto:${site.supportEmail}`, label: t('support') },
    ...(site.urls.privacyPolicy ? [{ href: site.urls.privacyPolicy, label: t('privacy') }] : []),
    ...(site.urls.termsOfService ? [{ href: site.urls.termsOfService, label: t('terms') }] : []),
  ];
  return (
    <footer className="border-t border-zinc-200 py-6 text-center text-xs text-zinc-500">
      {env.publicDemo ? <PublicDemoNotice demoSignIn={env.auth.demo} emulator={env.stripe.mode === 'emulator'} /> : null}
      <p>
        © {new Date().getFullYear()} {site.legal.copyrightHolder} · {t('footer', { brand: site.name })}
      </p>
      <ul className="mt-2 flex justify-center gap-4">
        {links.map((link) => (
          <li key={link.label}>
            <a href={link.href} className="underline underline-offset-2 hover:text-zinc-700">
              {link.label}
            </a>
          </li>
        ))}
      </ul>
    </footer>
  );
}
