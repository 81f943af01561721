import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { startProcess } from './processes';

const require = createRequire(import.meta.url);

export interface EmulatorProcessOptions {
  port: number;
  /** Where every event is posted (EMULATOR_WEBHOOK_URL); null for nowhere. */
  webhookUrl: string | null;
  /** Its state file; the webhook secret is generated beside it unless `webhookSecret` is given. */
  dataFile: string;
  /** Test switch: a fixed signing secret instead of the generated one. */
  webhookSecret?: string;
}

/**
 * Starts the local Stripe emulator as a program of its own. The one place that knows how
 * to launch it: `npm run dev`, `npm start` and the tests that start servers all come here.
 * Its output lines are prefixed `[emulator]`.
 */
export function startEmulatorProcess(options: EmulatorProcessOptions): ChildProcess {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    EMULATOR_PORT: String(options.port),
    EMULATOR_WEBHOOK_URL: options.webhookUrl ?? '',
    EMULATOR_DATA: options.dataFile,
  };
  if (options.webhookSecret) env.EMULATOR_WEBHOOK_SECRET = options.webhookSecret;
  else delete env.EMULATOR_WEBHOOK_SECRET;
  return startProcess('emulator', process.execPath, [emulatorRunner(), 'emulator/main.ts'], env);
}

function emulatorRunner() {
  try {
    return require.resolve('tsx/cli');
  } catch {
    throw new Error(
      'The Stripe emulator runs from its TypeScript sources through tsx, a dev dependency, which this install lacks (npm ci --omit=dev). ' +
        'Install the dev dependencies (npm ci) for emulator mode, or set STRIPE_SECRET_KEY to use Stripe.',
    );
  }
}
