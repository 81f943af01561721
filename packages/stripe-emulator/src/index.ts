// The package's entry point: `import { createEmulator } from '@portal-flows/stripe-emulator'`.
export { createEmulator, DEFAULT_PORT, DEFAULT_WEBHOOK_SECRET } from './server.js';
export type { Emulator, EmulatorOptions } from './server.js';
export type { Store } from './store.js';
