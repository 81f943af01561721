import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/**
 * How to start the local Stripe emulator: the `stripe-emulator` command of the
 * `@portal-flows/stripe-emulator` workspace package, run by plain Node. A fork that deleted
 * packages/stripe-emulator and set a Stripe key never gets here.
 */
export function emulatorCommand(): { command: string; args: string[] } {
  let packageJson: string;
  try {
    packageJson = require.resolve('@portal-flows/stripe-emulator/package.json');
  } catch {
    throw new Error(
      'The local Stripe emulator (packages/stripe-emulator) is not installed. Run `npm install`, or set STRIPE_SECRET_KEY to use Stripe itself.',
    );
  }
  const cli = path.join(path.dirname(packageJson), 'dist', 'cli.js');
  if (!existsSync(cli)) {
    throw new Error(`The Stripe emulator is not built (${cli} is missing). Run \`npm run build -w @portal-flows/stripe-emulator\`.`);
  }
  return { command: process.execPath, args: [cli] };
}
