import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '@portal-flows/stripe-emulator/testing';
import { commandEnv, copyProject, freePort, npmRunToEnd } from './support';

// Acceptance: the catalogue is scoped to its Stripe. Ids set up in the emulator, then a
// sk_test_ key: `npm run dev` refuses to start (before Next.js, without reaching Stripe)
// and `npm run stripe:doctor` reports it, both naming `npm run stripe:setup`.

let project: ReturnType<typeof copyProject>;
let port: number;

beforeAll(async () => {
  project = copyProject('catalog-scope');
  port = await freePort(process.env.DEV_LOOP_PORT);
  // The catalogue, set up against an emulator.
  const emulator = await startEmulator();
  try {
    const setup = await npmRunToEnd(project.dir, 'stripe:setup', ['--no-demo'], commandEnv({ EMULATOR_PORT: String(emulator.port) }));
    expect(setup.output).toMatch(/✓ billing set up in the Stripe emulator \(acct_\w+\): \d+ created/);
    expect(setup.code).toBe(0);
  } finally {
    await emulator.close();
  }
});

afterAll(() => {
  project?.remove();
});

describe('emulator ids in the catalogue with a test key', () => {
  const withKey = () =>
    commandEnv({ STRIPE_SECRET_KEY: 'sk_test_51AcceptanceFour', PORT: String(port), APP_URL: `http://localhost:${port}` });

  it('npm run dev refuses to start, naming npm run stripe:setup', async () => {
    const { code, output } = await npmRunToEnd(project.dir, 'dev', [], withKey());
    expect(code).toBe(1);
    expect(output).toMatch(
      /✗ Refusing to start: the billing catalogue holds Stripe ids from the local Stripe emulator \(acct_\w+\), but the app now talks to Stripe in test mode/,
    );
    expect(output).toContain('Run `npm run stripe:setup` to set billing.config.ts up in this Stripe');
    expect(output).not.toContain('app starting');
  });

  it('npm run stripe:doctor reports it, even though Stripe cannot be reached', async () => {
    const { code, output } = await npmRunToEnd(project.dir, 'stripe:doctor', [], withKey());
    expect(code).toBe(1);
    expect(output).toMatch(/- catalogue: the billing catalogue holds Stripe ids from the local Stripe emulator \(acct_\w+\)/);
    expect(output).toContain('`npm run stripe:setup`');
  });
});
