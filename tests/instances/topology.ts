import { spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Stripe from 'stripe';
import { startEmulatorProcess } from '../../scripts/lib/emulator-process';
import { waitForHttp } from '../../scripts/lib/processes';
import { appServerEnv, ensureProductionBuild, startAppServer, type AppServer } from '../support/app-server';
import { assertLocalDatabaseUrl, createScratchDatabase } from '../support/scratch-database';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';

/**
 * A deployment on one machine: the Stripe emulator standing in for api.stripe.com
 * (reached through the test-only STRIPE_API_BASE with a test key, as a real deployment
 * reaches Stripe with its key), one scratch PostgreSQL database, an SMTP sink for
 * e-mail sign-in, `npm run stripe:setup` run once, and two instances of the standalone
 * build behind no load balancer, each with the webhook endpoint Stripe would call.
 * Ports: INSTANCES_PORT and the one after it (default 3220), INSTANCES_EMULATOR_PORT (12221).
 */
export interface Topology {
  readonly instances: readonly [Instance, Instance];
  readonly stripe: Stripe;
  readonly emulatorUrl: string;
  readonly databaseUrl: string;
  readonly mail: SmtpSink;
  close(): Promise<void>;
}

interface Instance {
  readonly appUrl: string;
  readonly webhookUrl: string;
  readonly server: AppServer;
}

const SECRET_KEY = 'sk_test_instances';

export async function startTopology(): Promise<Topology> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('The two-instance suite needs DATABASE_URL (a local PostgreSQL server).');
  assertLocalDatabaseUrl(adminUrl);
  ensureProductionBuild();

  const base = Number(process.env.INSTANCES_PORT ?? 3220);
  const emulatorPort = Number(process.env.INSTANCES_EMULATOR_PORT ?? 12221);
  const ports = [base, base + 1] as const;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'portal-flows-instances-'));
  const cleanups: (() => unknown)[] = [() => rmSync(dataDir, { recursive: true, force: true })];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };

  try {
    const scratch = await createScratchDatabase(adminUrl, 'portal_flows_instances');
    cleanups.push(() => scratch.drop());

    const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
    const emulator: ChildProcess = startEmulatorProcess({
      port: emulatorPort,
      webhookUrl: null,
      dataFile: path.join(dataDir, 'stripe.json'),
    });
    cleanups.push(() => stopChild(emulator));
    await waitForHttp(`${emulatorUrl}/`, 30_000, emulator);
    const stripe = new Stripe(SECRET_KEY, { host: '127.0.0.1', port: emulatorPort, protocol: 'http', maxNetworkRetries: 0 });

    // As in the Stripe dashboard: one endpoint per instance here (behind a load balancer
    // it would be one URL), each with its own signing secret.
    const appUrls = ports.map((port) => `http://localhost:${port}`);
    const endpoints: Stripe.WebhookEndpoint[] = [];
    for (const appUrl of appUrls) {
      endpoints.push(await stripe.webhookEndpoints.create({ url: `${appUrl}/api/stripe/webhook`, enabled_events: ['*'] }));
    }

    const mail = await startSmtpSink();
    cleanups.push(() => mail.close());

    const shared = {
      DATABASE_URL: scratch.url,
      STRIPE_SECRET_KEY: SECRET_KEY,
      STRIPE_API_BASE: emulatorUrl,
      AUTH_SECRET: randomBytes(33).toString('base64'),
      NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      EMAIL_SERVER: mail.url,
      EMAIL_FROM: 'billing@example.com',
      DATA_DIR: dataDir,
    };
    // Both start at once on the empty database: each migrates at boot, one at a time.
    const servers = await Promise.all(
      ports.map((port, index) =>
        startAppServer(port, { ...shared, APP_URL: appUrls[index]!, STRIPE_WEBHOOK_SECRET: endpoints[index]!.secret! }, 120_000),
      ),
    );
    for (const server of servers) cleanups.push(() => server.stop());

    // `npm run stripe:setup`, once, as a deployment runs it against its Stripe account.
    const setup = spawnSync('npx', ['tsx', 'scripts/stripe-setup.ts', '--no-demo'], {
      env: appServerEnv({ ...shared, APP_URL: appUrls[0]! }),
      encoding: 'utf8',
    });
    if (setup.status !== 0) throw new Error(`stripe:setup failed:\n${setup.stdout}\n${setup.stderr}`);

    const instances = servers.map((server, index) => ({
      appUrl: appUrls[index]!,
      webhookUrl: `${appUrls[index]}/api/stripe/webhook`,
      server,
    })) as unknown as readonly [Instance, Instance];
    return { instances, stripe, emulatorUrl, databaseUrl: scratch.url, mail, close };
  } catch (error) {
    await close();
    throw error;
  }
}

function stopChild(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  return Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
}
