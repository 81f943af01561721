// GET/POST /api/dev/billing — development only: commands reach the embedded database through
// the app that holds it (see lib/billing/dev-api.ts). 404 outside `next dev`.
import { devApplyBilling, devReadCatalog } from '@/lib/billing/dev-api';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { stripe } from '@/lib/stripe';

export function GET(request: Request) {
  return devReadCatalog(request, { db, stripe, env });
}

export function POST(request: Request) {
  return devApplyBilling(request, { db, stripe, env });
}
