import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { html, type PageResponse } from '../router.js';
import type { Localized } from './i18n/index.js';

/**
 * The frame every hosted page shares: a narrow column with the business and the way back, and the
 * page itself. Plain HTML and a little CSS; nothing needs JavaScript.
 */

const STYLES = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:15px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1a1f36;background:#f6f8fa}
a{color:#635bff;text-decoration:none}a:hover{text-decoration:underline}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible{outline:2px solid #635bff;outline-offset:2px}
.shell{display:grid;grid-template-columns:minmax(240px,1fr) minmax(0,2fr);min-height:100vh}
.aside{background:#fff;border-right:1px solid #e3e8ee;padding:48px 40px}
.aside .business{font-weight:600;font-size:17px;margin:0 0 8px}
.aside .badge{display:inline-block;background:#fff4e5;color:#a04100;border-radius:4px;padding:1px 8px;font-size:12px;font-weight:600;margin-bottom:24px}
.aside .return{display:inline-flex;gap:6px;align-items:center;font-weight:500}
.aside .headline{color:#3c4257;margin-top:24px}
.main{padding:48px 40px;max-width:760px;width:100%}
h1{font-size:24px;line-height:1.3;margin:0 0 24px}
h2{font-size:13px;text-transform:uppercase;letter-spacing:.04em;color:#697386;margin:32px 0 12px}
.card{background:#fff;border:1px solid #e3e8ee;border-radius:8px;padding:20px 24px;margin-bottom:16px}
.row{display:flex;justify-content:space-between;gap:16px;align-items:baseline}
.muted{color:#697386}
.small{font-size:13px}
.plan{font-weight:600;font-size:17px}
.status{display:inline-block;border-radius:4px;padding:0 6px;font-size:12px;font-weight:600;background:#e3e8ee;color:#3c4257;margin-left:8px;vertical-align:middle}
.status.active,.status.trialing{background:#d7f7c2;color:#05690d}
.status.canceled,.status.past_due,.status.unpaid{background:#ffe7f2;color:#b3093c}
.actions{display:flex;flex-wrap:wrap;gap:8px;margin-top:16px}
form.inline{display:inline}
button{font:inherit;font-weight:600;border-radius:6px;padding:9px 16px;cursor:pointer;border:1px solid #635bff;background:#635bff;color:#fff}
button.secondary{background:#fff;color:#3c4257;border-color:#d5dbe1}
button.danger{background:#df1b41;border-color:#df1b41}
button.block{width:100%;padding:12px 16px;margin-top:8px}
label{display:block;font-weight:500;font-size:14px;margin:0 0 6px}
.field{margin-bottom:16px}
.fields{display:grid;grid-template-columns:1fr 1fr;gap:0 16px}
input[type=text],input[type=email],input[type=number],input[type=tel],select{width:100%;font:inherit;padding:9px 12px;border:1px solid #d5dbe1;border-radius:6px;background:#fff;color:inherit}
input[aria-invalid=true],select[aria-invalid=true]{border-color:#df1b41}
.field-error{color:#df1b41;font-size:13px;margin-top:4px}
.alert{border-radius:6px;padding:12px 16px;margin-bottom:20px}
.alert.error{background:#ffe7f2;color:#b3093c}
.alert.success{background:#d7f7c2;color:#05690d}
fieldset{border:0;padding:0;margin:0 0 16px}
legend{font-weight:600;margin-bottom:8px;padding:0}
.choice{display:flex;gap:10px;align-items:center;font-weight:400;border:1px solid #e3e8ee;border-radius:6px;padding:10px 12px;margin-bottom:8px;background:#fff}
.choice input{margin:0}
.choice .current{margin-left:auto}
table{width:100%;border-collapse:collapse}
td{padding:8px 0;border-bottom:1px solid #e3e8ee;vertical-align:top}
td.amount{text-align:right;white-space:nowrap;padding-left:16px}
tr.total td{font-weight:600;border-bottom:0}
.hint{font-size:13px;color:#697386;margin-top:12px}
.footer{margin-top:40px;font-size:12px;color:#8792a2;display:flex;gap:16px;flex-wrap:wrap}
@media (max-width:760px){.shell{grid-template-columns:1fr}.aside{border-right:0;border-bottom:1px solid #e3e8ee;padding:24px}.main{padding:24px}}
`;

export interface FrameProps {
  readonly l: Localized;
  readonly title: string;
  /** The way back: `href` and what it is called ("Return to example.com"). */
  readonly back: { href: string; label: string } | null;
  readonly businessName: string;
  readonly headline?: string | null;
  readonly links?: readonly { href: string; label: string }[];
  readonly children: ReactNode;
}

export function Frame({ l, title, back, businessName, headline, links = [], children }: FrameProps) {
  return (
    <html lang={l.t.htmlLang}>
      {/* eslint-disable-next-line @next/next/no-head-element -- a standalone document rendered by react-dom/server, not a Next.js page */}
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{title}</title>
        <style dangerouslySetInnerHTML={{ __html: STYLES }} />
      </head>
      <body>
        <div className="shell">
          <aside className="aside">
            <p className="business">{businessName}</p>
            <span className="badge">{l.t.testMode}</span>
            <div>
              {back && (
                <a className="return" href={back.href}>
                  <span aria-hidden="true">←</span> {back.label}
                </a>
              )}
            </div>
            {headline && <p className="headline">{headline}</p>}
          </aside>
          <main className="main">
            {children}
            <footer className="footer">
              <span>{l.t.emulatorNotice}</span>
              {links.map((link) => (
                <a key={link.href} href={link.href}>
                  {link.label}
                </a>
              ))}
            </footer>
          </main>
        </div>
      </body>
    </html>
  );
}

/** A complete HTML document for a page element. */
export function page(element: ReactNode, status = 200): PageResponse {
  return html(`<!doctype html>${renderToStaticMarkup(element)}`, status);
}

/** "example.com" for `https://example.com/account`: how the way back is named without a business name. */
export function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).host || null;
  } catch {
    return null;
  }
}
