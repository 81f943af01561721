import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { billingConfig } from '@/billing.config';
import { FLOWS, flowByConfigName } from '@/lib/billing/flow-table';

// The one table of flows: every landing page it names exists as a route, and every flow has its
// settings in billing.config.ts under the name the table gives.

const accountRoutes = fileURLToPath(new URL('../../app/(account)', import.meta.url));

describe('FLOWS', () => {
  for (const [type, flow] of Object.entries(FLOWS)) {
    it(`${type} lands on a page that exists and has settings "${flow.configName}"`, () => {
      expect(existsSync(`${accountRoutes}${flow.landingPath}/page.tsx`), `${flow.landingPath}/page.tsx`).toBe(true);
      expect(billingConfig.flows).toHaveProperty(flow.configName);
      expect(flowByConfigName(flow.configName)).toBe(flow);
    });
  }

  it('knows no flow by the name of "Manage billing", which opens the homepage', () => {
    expect(flowByConfigName('manageBilling')).toBeUndefined();
  });
});
