import type { TestProject } from 'vitest/node';
import { contractKey, newRunId, STRIPE_SKIPPED_LINE } from './target';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Tags every object this run creates (metadata `contract_run`), on both targets. */
    contractRunId: string;
  }
}

// Vitest's global setup for the contract project, run once before any of its files: it refuses a
// key that is not a test-mode key before anything is created, picks the run id, and says which
// targets run. Without STRIPE_CONTRACT_KEY the Stripe target's tests are not registered at all
// (see contractTargets), so this line is where a reader learns that they did not run.
export default function setup(project: TestProject) {
  const key = contractKey(process.env.STRIPE_CONTRACT_KEY);
  const runId = newRunId();
  project.provide('contractRunId', runId);
  if (!key) {
    console.log(STRIPE_SKIPPED_LINE);
    return;
  }
  console.log(
    `contract: Stripe target on (${key.slice(0, 8)}…), run ${runId}: every object it creates has metadata contract_run=${runId} and is cleaned up after its file`,
  );
  console.log('contract: webhook delivery to an endpoint is checked on the emulator only: Stripe cannot post to a URL on this machine');
}
