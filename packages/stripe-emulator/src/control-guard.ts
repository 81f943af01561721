import type { IncomingMessage } from 'node:http';

/**
 * Who may use the test controls under `/_emulator/` (reset, faults, logs): a program on
 * this machine, never a web page. A page open in the developer's browser can send
 * requests to 127.0.0.1, and a DNS-rebinding site can even make them same-origin under
 * its own name, so a request must name a loopback host in `Host`, carry no `Origin`
 * (a browser always sends one on a cross-site or scripted write) unless it is the
 * emulator's own, and send writes as `application/json`, which no form and no
 * "simple" cross-site request can.
 */

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The reason to refuse `req` with 403, or null when it may use the controls. */
export function controlRequestRefusal(req: IncomingMessage, port: number): string | null {
  const host = parseHost(req.headers.host);
  if (!host || !LOOPBACK_HOSTS.has(host.hostname) || host.port !== port) {
    return `The emulator's controls answer only to a loopback Host (localhost, 127.0.0.1 or [::1] on port ${port}); got ${JSON.stringify(req.headers.host ?? '')}.`;
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !isOwnOrigin(origin, port)) {
    return `The emulator's controls refuse requests from web pages (Origin ${JSON.stringify(origin)}); call them from a program on this machine.`;
  }
  const method = req.method ?? 'GET';
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (WRITES.has(method) && type !== 'application/json') {
    return `The emulator's controls take writes as Content-Type: application/json only; got ${JSON.stringify(type || 'none')}.`;
  }
  return null;
}

/** `host[:port]` as a Host header carries it; an IPv6 address in brackets. */
function parseHost(header: string | undefined): { hostname: string; port: number } | null {
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(header ?? '');
  if (!match) return null;
  return { hostname: match[1]!.toLowerCase(), port: match[2] ? Number(match[2]) : 80 };
}

function isOwnOrigin(origin: string, port: number): boolean {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname) && Number(url.port || 80) === port;
  } catch {
    return false;
  }
}
