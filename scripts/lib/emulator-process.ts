import type { ChildProcess } from 'node:child_process';
import { emulatorCommand } from './emulator-command';
import { startProcess } from './processes';

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
  const { command, args } = emulatorCommand();
  return startProcess('emulator', command, args, env);
}
