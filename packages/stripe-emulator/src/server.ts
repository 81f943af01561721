import { setMaxListeners } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import qs from 'qs';
import { z } from 'zod';
import { controlRequestRefusal } from './control-guard.js';
import { FaultInjector, RequestLog, clockSchema, faultSchema } from './controls.js';
import { apiError, rateLimited, unrecognizedUrl } from './errors.js';
import { API_VERSION, DEFAULT_RETRY_POLICY, WebhookDispatcher, runInRequest, type RetryPolicy } from './events.js';
import { expandResponse } from './expand.js';
import {
  authenticate,
  escapeHtml,
  headerValue,
  holdUntil,
  isLoopback,
  parseExpand,
  parseJson,
  readApiVersion,
  readBody,
  sendJson,
  sendPage,
  toStripeError,
} from './http.js';
import { IdempotencyCache } from './idempotency.js';
import { builtInModules } from './modules.js';
import { RouteTable, type ApiRoute, type EmulatorModule, type PageRoute } from './router.js';
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
const QS_OPTIONS = { depth: 20, arrayLimit: 1000, parameterLimit: 10_000 } as const;

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
  const settlers = modules.flatMap((module) => (module.settle ? [module.settle] : []));
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
      case 'GET /_emulator/clock':
        return reply(200, { now: store.now(), offset_seconds: store.clockOffset });
      case 'POST /_emulator/clock': {
        const parsed = clockSchema.safeParse(parseJson(await readBody(req)));
        if (!parsed.success) return reply(400, { error: { message: z.prettifyError(parsed.error) } });
        const seconds = parsed.data.to !== undefined ? parsed.data.to - store.now() : (parsed.data.advance_seconds ?? 0);
        if (seconds < 0) return reply(400, { error: { message: 'The clock only moves forward: `to` is in the past.' } });
        store.advanceClock(seconds);
        runInRequest({ id: null, idempotencyKey: null }, () => {
          for (const settle of settlers) store.transaction(() => settle(store));
        });
        return reply(200, { now: store.now(), offset_seconds: store.clockOffset });
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
