import { site } from '@/site.config';

export function SiteFooter() {
  const links = [
    { href: `mailto:${site.supportEmail}`, label: 'Support' },
    ...(site.urls.privacyPolicy ? [{ href: site.urls.privacyPolicy, label: 'Privacy' }] : []),
    ...(site.urls.termsOfService ? [{ href: site.urls.termsOfService, label: 'Terms' }] : []),
  ];
  return (
    <footer className="border-t border-zinc-200 py-6 text-center text-xs text-zinc-500">
      <p>
        © {new Date().getFullYear()} {site.legal.copyrightHolder}
        {site.legal.notice ? ` · ${site.legal.notice}` : null}
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
