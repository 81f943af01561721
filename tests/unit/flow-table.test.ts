import { existsSync, readFileSync } from 'node:fs';
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

  it('is what README\u2019s "How a click works" lists: one row per flow, with its button and landing page', () => {
    const readme = readFileSync('README.md', 'utf8');
    const section = /<!-- flows -->([\s\S]*?)<!-- \/flows -->/.exec(readme)?.[1];
    expect(section, 'README.md has a <!-- flows --> … <!-- /flows --> block').toBeDefined();
    const rows = section!.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| button'));
    const flowRows = rows.filter((row) => /`[a-z_]+`/.test(row.split('|')[2] ?? ''));
    expect(flowRows.map((row) => /`([a-z_]+)`/.exec(row.split('|')[2]!)![1]).sort()).toEqual(Object.keys(FLOWS).sort());
    for (const [type, flow] of Object.entries(FLOWS)) {
      const row = flowRows.find((candidate) => candidate.split('|')[2]!.includes(`\`${type}\``))!;
      expect(row.split('|')[1]!.trim(), type).toBe(flow.button);
      if (billingConfig.flows[flow.configName]?.afterCompletion.type === 'redirect') expect(row, type).toContain(`\`${flow.landingPath}\``);
    }
  });

  it('names each /account button as the English catalogue does', () => {
    const account = (JSON.parse(readFileSync('messages/en.json', 'utf8')) as { Account: Record<string, string> }).Account;
    expect(FLOWS.customer_update.button).toBe(account.editBillingDetails);
    expect(FLOWS.payment_method_update.button).toBe(account.updateCard);
    expect(FLOWS.subscription_cancel.button).toBe(account.cancel);
    expect(FLOWS.subscription_pause.button).toBe(account.pause);
    expect(FLOWS.subscription_update.button).toBe(account.changePlan);
    expect(FLOWS.subscription_update_confirm.button).toContain(account.updateSeats);
  });
});
