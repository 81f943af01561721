/**
 * Returns a path on `appUrl` for a user-supplied redirect target, or "/" when the
 * target would leave the site. Absolute URLs on another origin, protocol-relative
 * URLs (`//evil.example`), backslash tricks (`/\evil.example`) and non-http
 * schemes all fall back to "/".
 */
export function safeRedirectPath(target: unknown, appUrl: string): string {
  if (typeof target !== 'string' || target.length === 0 || target.length > 2048) return '/';
  // Browsers treat "\" like "/", and strip tabs and newlines, before resolving a URL.
  const normalized = target.replace(/[\t\n\r]/g, '').replace(/\\/g, '/');
  let url: URL;
  try {
    url = new URL(normalized, appUrl);
  } catch {
    return '/';
  }
  if (url.origin !== new URL(appUrl).origin) return '/';
  if (url.pathname.startsWith('//')) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
