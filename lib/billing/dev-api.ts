import type Stripe from 'stripe';
import { z } from 'zod';
import type { Database } from '@/lib/db/client';
import { billingCatalog } from '@/lib/db/schema';
import { isDevServerToken } from '@/lib/dev-server';
import type { Env } from '@/lib/env';
import { BillingConfigError, defineBillingConfig } from './config-schema';
import { stripeModeOf } from './scope';
import { runSetup } from './setup-report';

/**
 * The development-only API behind app/api/dev/billing: how `npm run stripe:setup`, its
 * billing.config.ts watcher and `stripe:doctor` work on the embedded database while
 * `npm run dev` holds it. Refused (404) outside `next dev`, refused for a Host that is not
 * this machine, and refused without the token `npm run dev` wrote to DATA_DIR — that token,
 * readable only by the user who started it, is what keeps everyone else out; the Host and
 * X-Forwarded-For checks only stop a request that plainly came from elsewhere.
 */

export interface DevApiContext {
  db: Database;
  stripe: Stripe;
  env: Pick<Env, 'nodeEnv' | 'dataDir'> & { stripe: Pick<Env['stripe'], 'mode' | 'livemode'> };
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function isLoopback(request: Request) {
  const host = request.headers.get('host');
  const forwarded = request.headers.get('x-forwarded-for');
  const hostname = host ? new URL(`http://${host}`).hostname : '';
  const from = forwarded?.split(',').map((part) => part.trim().replace(/^::ffff:/, ''));
  return LOOPBACK.has(hostname) && (!from || from.every((address) => LOOPBACK.has(address)));
}

function refusal(request: Request, context: DevApiContext): Response | null {
  if (context.env.nodeEnv !== 'development') return new Response('Not found', { status: 404 });
  if (!isLoopback(request)) return Response.json({ error: 'only requests from this machine are answered' }, { status: 403 });
  if (!isDevServerToken(context.env.dataDir, request.headers.get('authorization'))) {
    return Response.json({ error: 'missing or wrong token (see DATA_DIR/dev-server.json)' }, { status: 401 });
  }
  return null;
}

// One set-up at a time: the watcher and a hand-run `npm run stripe:setup` may overlap.
const globalForApply = globalThis as typeof globalThis & { portalFlowsDevApply?: Promise<unknown> };

const applyBody = z.strictObject({ config: z.unknown(), demo: z.boolean().default(false) });

/** POST: applies the billing config in the body (the caller loaded billing.config.ts) and answers a SetupReport. */
export async function devApplyBilling(request: Request, context: DevApiContext): Promise<Response> {
  const refused = refusal(request, context);
  if (refused) return refused;
  const body = applyBody.safeParse(await request.json().catch(() => null));
  if (!body.success) return Response.json({ error: 'expected {"config": …, "demo": boolean}' }, { status: 400 });
  let config;
  try {
    config = defineBillingConfig(body.data.config as Parameters<typeof defineBillingConfig>[0]);
  } catch (error) {
    if (error instanceof BillingConfigError) return Response.json({ error: error.message, problems: error.problems }, { status: 400 });
    throw error;
  }
  const previous = globalForApply.portalFlowsDevApply ?? Promise.resolve();
  const run = previous
    .catch(() => {})
    .then(() => runSetup(context.stripe, context.db, config, { mode: stripeModeOf(context.env.stripe), demo: body.data.demo }));
  globalForApply.portalFlowsDevApply = run;
  try {
    return Response.json(await run);
  } catch (error) {
    return Response.json({ error: error instanceof Error ? error.message : String(error) }, { status: 500 });
  }
}

/** GET: the catalogue as stored, for `npm run stripe:doctor`. */
export async function devReadCatalog(request: Request, context: DevApiContext): Promise<Response> {
  const refused = refusal(request, context);
  if (refused) return refused;
  const rows = await context.db
    .select({
      kind: billingCatalog.kind,
      key: billingCatalog.key,
      stripeId: billingCatalog.stripeId,
      stripeAccount: billingCatalog.stripeAccount,
      stripeMode: billingCatalog.stripeMode,
    })
    .from(billingCatalog);
  return Response.json({ rows });
}
