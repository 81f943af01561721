import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { StripeApiError, apiError, invalidApiKey, invalidRequest, missingApiKey } from './errors.js';
import { API_VERSION } from './events.js';
import type { SavedResponse } from './idempotency.js';
import type { PageResponse } from './router.js';

// The HTTP plumbing of the emulator's server: API keys, versions, bodies and answers.

const MAX_BODY_BYTES = 1024 * 1024;
const TEST_KEY = /^(sk|rk)_test_[A-Za-z0-9_]+$/;
const API_VERSION_FORMAT = /^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/;

export function authenticate(header: string | undefined): string {
  const key = apiKeyFrom(header);
  if (!key) throw missingApiKey();
  if (/^(sk|rk)_live_/.test(key)) {
    throw new StripeApiError(
      401,
      'invalid_request_error',
      'This is the local Stripe emulator; it only accepts test mode keys (sk_test_...), never live ones.',
      { code: 'api_key_invalid' },
    );
  }
  if (!TEST_KEY.test(key)) throw invalidApiKey(key);
  return key;
}

/** Bearer auth as the SDK sends it, or Basic auth with the key as user name as `curl -u` does. */
function apiKeyFrom(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const [scheme, credentials = ''] = header.trim().split(/\s+/, 2);
  if (scheme?.toLowerCase() === 'bearer') return credentials || undefined;
  if (scheme?.toLowerCase() === 'basic') {
    return Buffer.from(credentials, 'base64').toString('utf8').split(':', 1)[0] || undefined;
  }
  return header.trim();
}

export function readApiVersion(header: string | string[] | undefined): string {
  const version = headerValue(header);
  if (version === undefined) return API_VERSION;
  if (!API_VERSION_FORMAT.test(version)) {
    throw invalidRequest(`Invalid Stripe API version: ${version}`, undefined, 'invalid_api_version');
  }
  return version;
}

export function headerValue(header: string | string[] | undefined): string | undefined {
  return Array.isArray(header) ? header[0] : header;
}

export function parseExpand(expand: unknown): string[] {
  if (expand === undefined) return [];
  const values = Array.isArray(expand) ? expand : typeof expand === 'object' && expand ? Object.values(expand) : [expand];
  if (!values.every((value): value is string => typeof value === 'string' && value.length > 0)) {
    throw invalidRequest('Invalid array', 'expand');
  }
  return values;
}

export function toStripeError(error: unknown): StripeApiError {
  if (error instanceof StripeApiError) return error;
  console.error('[emulator] handler failed:', error);
  return apiError();
}

/** Holds a request for `ms`, ending early if the client goes away or the server closes. */
export async function holdUntil(ms: number, res: ServerResponse, closing: AbortSignal): Promise<void> {
  const gone = new AbortController();
  const onClose = () => gone.abort();
  res.once('close', onClose);
  try {
    await sleep(ms, undefined, { signal: AbortSignal.any([gone.signal, closing]) });
  } catch {
    // Aborted: the client timed out or the server is closing; the caller checks `res.destroyed`.
  } finally {
    res.off('close', onClose);
  }
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(invalidRequest('Request body too large.'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function parseJson(text: string): unknown {
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function sendJson(res: ServerResponse, response: SavedResponse): void {
  if (res.destroyed) return;
  res.statusCode = response.status;
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Cache-Control', 'no-cache, no-store');
  res.end(response.body);
}

export function sendPage(res: ServerResponse, response: PageResponse): void {
  if (res.destroyed) return;
  res.statusCode = response.status;
  res.setHeader('Cache-Control', 'no-store');
  if (response.kind === 'redirect') {
    res.setHeader('Location', response.location);
    res.end();
  } else {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(response.body);
  }
}

export function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
