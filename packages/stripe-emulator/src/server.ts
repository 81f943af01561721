import { setMaxListeners } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import qs from 'qs';
import { z } from 'zod';
import { controlRequestRefusal } from './control-guard.js';
import { FaultInjector, RequestLog, faultSchema } from './controls.js';
import {
  StripeApiError,
  apiError,
  invalidApiKey,
  invalidRequest,
  missingApiKey,
  rateLimited,
  unrecognizedUrl,
} from './errors.js';
import { API_VERSION, DEFAULT_RETRY_POLICY, WebhookDispatcher, runInRequest, type RetryPolicy } from './events.js';
import { expandResponse } from './expand.js';
import { IdempotencyCache, type SavedResponse } from './idempotency.js';
import { builtInModules } from './modules.js';
import {
  RouteTable,
  type ApiRoute,
  type EmulatorModule,
  type PageResponse,
  type PageRoute,
} from './router.js';
import { Realism, realismSchema } from './realism.js';
import { Store } from './store.js';

export interface EmulatorOptions {
  /** 0 picks a free port. Default 12111. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** JSON file for persistence; `null` or absent keeps state in memory. */
  dataFile?: string | null;
  /** Where every event is posted besides the store's webhook endpoints; `null` or '' for nowhere. */
  webhookUrl?: string | null;
  /** Signing secret for `webhookUrl`. Default `whsec_emulator`. */
  webhookSecret?: string;
  webhookRetry?: Partial<RetryPolicy>;
  /** Added to every `/v1` answer, to make latency visible in development and benchmarks. Default 0. */
  latencyMs?: number;
  /** Each answer's latency varies uniformly by up to this much either way. Default 0. */
  latencyJitterMs?: number;
  /** Requests per second before Stripe's 429 `rate_limit` (a token bucket of one second's worth); 0, the default, is no limit. */
  rateLimit?: number;
  /** Lifetime of billing-portal session URLs. Default 300. */
  portalTtlSeconds?: number;
  /** Milliseconds since the epoch; tests inject a clock to move time. */
  clock?: () => number;
  /** The features served. Default: every built-in module. */
  modules?: readonly EmulatorModule[];
  /** Run by `POST /_emulator/seed`. */
  seed?: (store: Store) => void | Promise<void>;
  /** Where to report what an operator should know (webhooks given up on). Default: nowhere. */
  log?: (line: string) => void;
}

export interface Emulator {
  readonly store: Store;
  readonly webhooks: WebhookDispatcher;
  readonly faults: FaultInjector;
  readonly requests: RequestLog;
  /** Latency and rate limit, changeable while running (also through `POST /_emulator/realism`). */
  readonly realism: Realism;
  /** The base URL once listening, e.g. `http://127.0.0.1:12111`. */
  readonly url: string;
  readonly port: number;
  listen(): Promise<string>;
  /** Stops serving, abandons pending webhook retries and writes the store to disk. */
  close(): Promise<void>;
}

export const DEFAULT_PORT = 12111;
export const DEFAULT_WEBHOOK_SECRET = 'whsec_emulator';
const MAX_BODY_BYTES = 1024 * 1024;
const QS_OPTIONS = { depth: 20, arrayLimit: 1000, parameterLimit: 10_000 } as const;
const TEST_KEY = /^(sk|rk)_test_[A-Za-z0-9_]+$/;
const API_VERSION_FORMAT = /^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/;

export async function createEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const host = options.host ?? '127.0.0.1';
  const modules = options.modules ?? builtInModules;
  const store = await Store.open({ dataFile: options.dataFile ?? null, clock: options.clock });
  const webhooks = new WebhookDispatcher(store, {
    url: options.webhookUrl || null,
    secret: options.webhookSecret ?? DEFAULT_WEBHOOK_SECRET,
    retry: { ...DEFAULT_RETRY_POLICY, ...options.webhookRetry },
    log: options.log,
  });
  const faults = new FaultInjector();
  const requests = new RequestLog();
  const realism = new Realism({
    latencyMs: options.latencyMs ?? 0,
    jitterMs: options.latencyJitterMs ?? 0,
    rateLimit: options.rateLimit ?? 0,
  });
  const idempotency = new IdempotencyCache();
  const apiRoutes = new RouteTable<ApiRoute>(modules.flatMap((module) => module.apiRoutes ?? []));
  const pageRoutes = new RouteTable<PageRoute>(modules.flatMap((module) => module.pageRoutes ?? []));
  const resolvers = modules.flatMap((module) => (module.resolve ? [module.resolve] : []));
  const resolve = (id: string) => {
    for (const resolver of resolvers) {
      const found = resolver(store, id);
      if (found) return found;
    }
    return undefined;
  };

  let port = options.port ?? DEFAULT_PORT;
  const config: { baseUrl: string; portalTtlSeconds: number } = {
    baseUrl: `http://${host}:${port}`,
    portalTtlSeconds: options.portalTtlSeconds ?? 300,
  };
  const closing = new AbortController();
  // Every request waiting out its latency listens for the close: under load there are many.
  setMaxListeners(0, closing.signal);

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const path = url.pathname;
    const requestId = store.newId('req');
    const match = apiRoutes.match(method, path);
    const logged = requests.record(method, path, match?.route.path ?? null);
    res.setHeader('Request-Id', requestId);
    res.on('finish', () => {
      logged.status = res.statusCode;
    });

    let idempotent: ReturnType<IdempotencyCache['begin']> | undefined;
    try {
      // Admission is decided on arrival, as at Stripe; a refused request still takes its latency.
      const admitted = realism.admit();
      const delay = realism.delayMs();
      if (delay > 0) await sleep(delay, undefined, { signal: closing.signal });
      if (!admitted) throw rateLimited();
      const apiKey = authenticate(req.headers.authorization);
      const apiVersion = readApiVersion(req.headers['stripe-version']);
      res.setHeader('Stripe-Version', apiVersion);

      const fault = faults.take(method, path);
      if (fault?.kind === '429') throw rateLimited();
      if (fault?.kind === '500') throw apiError();
      if (fault?.kind === 'hang') {
        await holdUntil(fault.hangMs, res, closing.signal);
        if (res.destroyed) return;
      }

      if (!match) throw unrecognizedUrl(method, path);
      const raw = method === 'POST' ? await readBody(req) : url.search.slice(1);
      const { expand, ...params } = qs.parse(raw, QS_OPTIONS) as Record<string, unknown>;
      const expandPaths = parseExpand(expand);

      const idempotencyKey = headerValue(req.headers['idempotency-key']);
      if (idempotencyKey !== undefined) res.setHeader('Idempotency-Key', idempotencyKey);
      if (method === 'POST' && idempotencyKey) {
        idempotent = idempotency.begin(apiKey, idempotencyKey, `${method} ${path}`, { expand, ...params });
        if (idempotent.kind === 'replay') {
          res.setHeader('Idempotent-Replayed', 'true');
          sendJson(res, idempotent.response);
          return;
        }
      }

      const result = runInRequest({ id: requestId, idempotencyKey: idempotencyKey ?? null }, () =>
        store.transaction(() =>
          match.route.handler({ store, config, pathParams: match.pathParams, params, path, apiVersion, expand: expandPaths }),
        ),
      );
      const response = { status: 200, body: JSON.stringify(expandResponse(result, expandPaths, resolve), null, 2) };
      if (idempotent?.kind === 'execute') idempotent.save(response);
      sendJson(res, response);
    } catch (error) {
      const stripeError = toStripeError(error);
      const response = { status: stripeError.status, body: JSON.stringify(stripeError.toEnvelope(), null, 2) };
      if (idempotent?.kind === 'execute') {
        if (stripeError.replayable) idempotent.save(response);
        else idempotent.discard();
      }
      for (const [name, value] of Object.entries(stripeError.headers)) res.setHeader(name, value);
      sendJson(res, response);
    }
  }

  async function handlePage(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const match = pageRoutes.match(method, url.pathname);
    if (!match) {
      sendJson(res, { status: 404, body: JSON.stringify(unrecognizedUrl(method, url.pathname).toEnvelope(), null, 2) });
      return;
    }
    try {
      const form = method === 'POST' ? (qs.parse(await readBody(req), QS_OPTIONS) as Record<string, unknown>) : {};
      const query = qs.parse(url.search.slice(1), QS_OPTIONS) as Record<string, unknown>;
      const response = runInRequest({ id: null, idempotencyKey: null }, () =>
        store.transaction(() =>
          match.route.handler({ store, config, pathParams: match.pathParams, query, form, url, headers: req.headers }),
        ),
      );
      sendPage(res, response);
    } catch (error) {
      const stripeError = toStripeError(error);
      sendPage(res, {
        kind: 'html',
        status: stripeError.status,
        body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Something went wrong</title></head><body><main><h1>Something went wrong</h1><p>${escapeHtml(stripeError.message)}</p></main></body></html>`,
      });
    }
  }

  async function handleControl(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const reply = (status: number, body: unknown) => sendJson(res, { status, body: JSON.stringify(body, null, 2) });
    if (!isLoopback(req.socket.remoteAddress)) {
      reply(404, unrecognizedUrl(method, url.pathname).toEnvelope());
      return;
    }
    const refusal = controlRequestRefusal(req, port);
    if (refusal) {
      reply(403, { error: { type: 'invalid_request_error', code: 'emulator_control_refused', message: refusal } });
      return;
    }
    switch (`${method} ${url.pathname}`) {
      case 'GET /_emulator/health':
        return reply(200, { ok: true, api_version: API_VERSION });
      case 'POST /_emulator/reset':
        store.reset();
        idempotency.clear();
        return reply(200, { ok: true });
      case 'POST /_emulator/seed':
        await options.seed?.(store);
        return reply(200, { ok: true, seeded: Boolean(options.seed) });
      case 'GET /_emulator/faults':
        return reply(200, { faults: faults.list() });
      case 'POST /_emulator/faults': {
        const parsed = faultSchema.safeParse(parseJson(await readBody(req)));
        if (!parsed.success) return reply(400, { error: { message: z.prettifyError(parsed.error) } });
        return reply(200, { fault: faults.add(parsed.data) });
      }
      case 'DELETE /_emulator/faults':
        faults.clear();
        return reply(200, { ok: true });
      case 'GET /_emulator/realism':
        return reply(200, { realism: realism.settings });
      case 'POST /_emulator/realism': {
        const parsed = realismSchema.safeParse(parseJson(await readBody(req)));
        if (!parsed.success) return reply(400, { error: { message: z.prettifyError(parsed.error) } });
        return reply(200, { realism: realism.configure(parsed.data) });
      }
      case 'GET /_emulator/requests':
        return reply(200, requests.summary());
      case 'DELETE /_emulator/requests':
        requests.clear();
        return reply(200, { ok: true });
      case 'GET /_emulator/deliveries':
        return reply(200, { deliveries: webhooks.attempts });
      case 'DELETE /_emulator/deliveries':
        webhooks.clearAttempts();
        return reply(200, { ok: true });
      default:
        return reply(404, unrecognizedUrl(method, url.pathname).toEnvelope());
    }
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const handler = url.pathname.startsWith('/_emulator/')
      ? handleControl
      : url.pathname === '/v1' || url.pathname.startsWith('/v1/')
        ? handleApi
        : handlePage;
    handler(req, res, url).catch((error: unknown) => {
      console.error('[emulator] unhandled error:', error);
      if (!res.headersSent) sendJson(res, { status: 500, body: JSON.stringify(apiError().toEnvelope()) });
      else res.destroy();
    });
  });

  return {
    store,
    webhooks,
    faults,
    requests,
    realism,
    get url() {
      return config.baseUrl;
    },
    get port() {
      return port;
    },
    listen() {
      return new Promise<string>((resolveListen, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          port = (server.address() as AddressInfo).port;
          config.baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
          resolveListen(config.baseUrl);
        });
      });
    },
    async close() {
      closing.abort();
      webhooks.close();
      await new Promise<void>((resolveClose) => {
        if (!server.listening) return resolveClose();
        server.close(() => resolveClose());
        server.closeAllConnections();
      });
      await store.flush();
    },
  };
}

function authenticate(header: string | undefined): string {
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

function readApiVersion(header: string | string[] | undefined): string {
  const version = headerValue(header);
  if (version === undefined) return API_VERSION;
  if (!API_VERSION_FORMAT.test(version)) {
    throw invalidRequest(`Invalid Stripe API version: ${version}`, undefined, 'invalid_api_version');
  }
  return version;
}

function headerValue(header: string | string[] | undefined): string | undefined {
  return Array.isArray(header) ? header[0] : header;
}

function parseExpand(expand: unknown): string[] {
  if (expand === undefined) return [];
  const values = Array.isArray(expand) ? expand : typeof expand === 'object' && expand ? Object.values(expand) : [expand];
  if (!values.every((value): value is string => typeof value === 'string' && value.length > 0)) {
    throw invalidRequest('Invalid array', 'expand');
  }
  return values;
}

function toStripeError(error: unknown): StripeApiError {
  if (error instanceof StripeApiError) return error;
  console.error('[emulator] handler failed:', error);
  return apiError();
}

/** Holds a request for `ms`, ending early if the client goes away or the server closes. */
async function holdUntil(ms: number, res: ServerResponse, closing: AbortSignal): Promise<void> {
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

function readBody(req: IncomingMessage): Promise<string> {
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

function parseJson(text: string): unknown {
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function sendJson(res: ServerResponse, response: SavedResponse): void {
  if (res.destroyed) return;
  res.statusCode = response.status;
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Cache-Control', 'no-cache, no-store');
  res.end(response.body);
}

function sendPage(res: ServerResponse, response: PageResponse): void {
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

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

