import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billingConfig } from '@/billing.config';
import { formatMoney } from '@/lib/i18n/money';
import { chromiumPath } from '@/scripts/lib/chromium';
import { commandEnv, copyProject, freePort, getWhenUp, npmRun, type Command } from './support';

// Acceptance: the edit loop a forker is taught. `npm run dev` (emulator mode, embedded
// database) runs; billing.config.ts — whatever plans it holds — gets a new plan and a
// changed price and is saved; the
// running app applies it (the documented way: no second command); /pricing shows the new
// plan and Subscribe opens a Checkout for the new prices; stopping and starting again —
// also after a kill -9 — works without deleting .data/.

const STARTED = /✓ app starting on /;
const EXTRA_AMOUNT = 19_900;

/** billing.config.ts as the edit leaves it: the project's own (billing.base.ts) with one more plan and one price changed. */
function editedConfigSource(lookupKey: string, unitAmount: number) {
  return `import { defineBillingConfig } from './lib/billing/config-schema';
import { billingConfig as base } from './billing.base';

export const billingConfig = defineBillingConfig({
  ...base,
  products: [
    ...base.products.map((product) => ({
      ...product,
      prices: product.prices.map((price) => (price.lookupKey === ${JSON.stringify(lookupKey)} ? { ...price, unitAmount: ${unitAmount} } : price)),
    })),
    {
      key: 'dev_loop_extra',
      name: 'Dev Loop Extra',
      description: 'Added while npm run dev was running.',
      features: ['Audit logs'],
      prices: [{ lookupKey: 'dev_loop_extra_monthly', unitAmount: ${EXTRA_AMOUNT}, interval: 'month' }],
    },
  ],
  portalConfigurations: Object.fromEntries(
    Object.entries(base.portalConfigurations).map(([key, portal]) => [
      key,
      portal.subscriptionUpdate
        ? { ...portal, subscriptionUpdate: { ...portal.subscriptionUpdate, products: [...portal.subscriptionUpdate.products, 'dev_loop_extra'] } }
        : portal,
    ]),
  ),
});
`;
}
const APPLIED = /\[billing\] ✓ billing set up in /;

let project: ReturnType<typeof copyProject>;
let env: NodeJS.ProcessEnv;
let appUrl: string;
let stripe: Stripe;
let browser: Browser;
let dev: Command | undefined;

async function startDev() {
  dev = npmRun(project.dir, 'dev', [], env);
  await dev.waitFor(STARTED, 240_000);
  return dev;
}

/** GET a page once the app answers, waiting out `next dev` compiling it on first request. */
const page = (pathname: string) => getWhenUp(`${appUrl}${pathname}`);

/** Signs a new customer in through the demo sign-in, presses Subscribe on `plan`, and returns the Checkout's price. */
async function subscribeThroughCheckout(plan: string) {
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    await tab.goto(`${appUrl}/signin?callbackUrl=${encodeURIComponent('/pricing')}`);
    await tab.getByLabel('E-mail').fill(`dev-loop-${plan}-${Date.now().toString(36)}@example.com`);
    await tab.getByRole('button', { name: 'Sign in', exact: true }).click();
    await tab.waitForURL(`${appUrl}/pricing`, { timeout: 120_000 });
    await tab.locator(`[data-plan="${plan}"]`).getByRole('button', { name: 'Subscribe' }).click();
    await tab.waitForURL(/\/c\/cs_test_/, { timeout: 120_000 });
    const sessionId = /\/c\/(cs_test_[A-Za-z0-9]+)/.exec(tab.url())![1]!;
    const [item] = (await stripe.checkout.sessions.listLineItems(sessionId)).data;
    return item!.price!;
  } finally {
    await context.close();
  }
}

beforeAll(async () => {
  project = copyProject('dev-loop');
  const port = await freePort(process.env.DEV_LOOP_PORT);
  const emulatorPort = await freePort(process.env.DEV_LOOP_EMULATOR_PORT);
  appUrl = `http://localhost:${port}`;
  env = commandEnv({ PORT: String(port), APP_URL: appUrl, EMULATOR_PORT: String(emulatorPort) });
  stripe = new Stripe('sk_test_emulator', { host: '127.0.0.1', port: emulatorPort, protocol: 'http', maxNetworkRetries: 0 });
  browser = await chromium.launch({ executablePath: chromiumPath(process.env.CHROMIUM_PATH), args: ['--no-sandbox', '--disable-gpu'] });
});

afterAll(async () => {
  await dev?.stop();
  await browser?.close();
  project?.remove();
});

describe('npm run dev while billing.config.ts is edited', () => {
  it('applies a new plan and a changed price through the running app; /pricing and Subscribe use them; restarts keep working', async () => {
    await startDev();
    const before = await page('/pricing');
    expect(before.status).toBe(200);
    expect(before.html).not.toContain('data-plan="dev_loop_extra"');

    // The edit, whatever billing.config.ts holds: one more plan, offered in "Change plan" too,
    // and the price /pricing shows first for the first plan up by $2. The shipped file is kept
    // as billing.base.ts and billing.config.ts becomes that file with these changes.
    const base = billingConfig.products[0]!;
    const changed = base.prices.find((price) => price.interval === 'month') ?? base.prices[0]!;
    const newAmount = changed.unitAmount + 200;
    writeFileSync(path.join(project.dir, 'billing.base.ts'), readFileSync(path.join(project.dir, 'billing.config.ts')));
    const mark = dev!.output().length;
    writeFileSync(path.join(project.dir, 'billing.config.ts'), editedConfigSource(changed.lookupKey, newAmount));

    // npm run dev saw the save and printed what changed.
    const printed = (await dev!.waitFor(APPLIED, 240_000, mark)).slice(mark);
    expect(printed).toMatch(/\[billing\]\s+created\s+product dev_loop_extra\n/);
    expect(printed).toMatch(/\[billing\]\s+created\s+price dev_loop_extra_monthly\n/);
    expect(printed).toContain(
      `updated    price ${changed.lookupKey}\n[billing]                unit_amount: ${changed.unitAmount} → ${newAmount}`,
    );
    expect(printed).toMatch(/\[billing\] ✓ billing set up in the Stripe emulator \(acct_\w+\): 2 created, [1-9]\d* updated/);
    expect(printed).not.toMatch(/Aborted|RuntimeError|✗/);

    const after = await page('/pricing');
    expect(after.status).toBe(200);
    expect(after.html).toContain('data-plan="dev_loop_extra"');
    expect(after.html).toContain(formatMoney(EXTRA_AMOUNT, 'usd', 'en'));
    expect(after.html).toContain(formatMoney(newAmount, changed.currency, 'en'));

    const [extraPrice] = (await stripe.prices.list({ lookup_keys: ['dev_loop_extra_monthly'] })).data;
    const [changedPrice] = (await stripe.prices.list({ lookup_keys: [changed.lookupKey] })).data;
    expect(changedPrice).toMatchObject({ unit_amount: newAmount, active: true });
    expect(await subscribeThroughCheckout('dev_loop_extra')).toMatchObject({ id: extraPrice!.id, unit_amount: EXTRA_AMOUNT });
    expect(await subscribeThroughCheckout(base.key)).toMatchObject({ id: changedPrice!.id, unit_amount: newAmount, active: true });

    // Stopped with Ctrl-C and started again: nothing to delete, nothing changed.
    expect(await dev!.stop('SIGINT')).toBeDefined();
    expect(existsSync(path.join(project.dir, '.data', 'dev-server.json'))).toBe(false);
    let restarted = await startDev();
    expect(restarted.output()).toMatch(/✓ billing set up in the Stripe emulator \(acct_\w+\): 0 created, 0 updated, \d+ unchanged/);
    expect((await page('/pricing')).html).toContain('data-plan="dev_loop_extra"');

    // Killed outright (kill -9 of every process), as a crash would, and started again.
    await dev!.stop('SIGKILL');
    restarted = await startDev();
    expect(restarted.output()).not.toMatch(/Aborted|is in use by another process/);
    const recovered = await page('/pricing');
    expect(recovered.status).toBe(200);
    expect(recovered.html).toContain('data-plan="dev_loop_extra"');
  });
});
