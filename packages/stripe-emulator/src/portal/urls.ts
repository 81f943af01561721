import { invalidParam } from '../errors.js';

/** Whether Stripe would take `value` as a URL: absolute, with a host, over http(s) or an app scheme. */
function isValidUrl(value: string): boolean {
  if (value.length > 5000 || /\s/.test(value)) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.hostname.length > 0 : /^[a-z][a-z0-9+.-]*:$/i.test(url.protocol);
  } catch {
    return false;
  }
}

/** Throws Stripe's `url_invalid` error for a value that is not a URL. */
export function requireUrl(value: string, param: string): string {
  if (!isValidUrl(value)) throw invalidParam('Not a valid URL', param, 'url_invalid');
  return value;
}

/** Where a portal session's pages live, relative to the emulator's base URL. */
export function portalPath(token: string, page = ''): string {
  return `/p/session/${encodeURIComponent(token)}${page ? `/${page}` : ''}`;
}
