import { expect, test } from '@playwright/test';
import { emulatorUrl } from './support/billing';

// A web page open in the developer's browser must not drive the emulator's test
// controls (reset the data, inject faults): the emulator refuses a cross-site request.

async function armedFaults() {
  const response = await fetch(`${emulatorUrl}/_emulator/faults`);
  return ((await response.json()) as { faults: { path: string }[] }).faults;
}

test('a page on another origin cannot arm a fault: refused, nothing armed', async ({ page }) => {
  await page.goto('/');
  const marker = `/v1/cross-site-${Date.now()}`;
  const outcome = await page.evaluate(
    async ({ url, marker }) => {
      // What a hostile page can send without a preflight: text/plain, no credentials asked for.
      const simple = await fetch(url, { method: 'POST', mode: 'no-cors', body: JSON.stringify({ path: marker, kind: 'hang' }) }).then(
        () => 'sent',
        () => 'failed',
      );
      // And what it cannot: JSON needs a preflight the emulator does not grant.
      const json = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ path: marker, kind: 'hang' }),
      }).then(
        (response) => String(response.status),
        () => 'blocked',
      );
      return { simple, json };
    },
    { url: `${emulatorUrl}/_emulator/faults`, marker },
  );
  expect(outcome.json).toBe('blocked');
  expect((await armedFaults()).filter((fault) => fault.path === marker)).toEqual([]);
});

test('the same request from a foreign Origin is answered 403 with the reason', async () => {
  const response = await fetch(`${emulatorUrl}/_emulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
    body: JSON.stringify({ path: '/v1/never-armed', kind: '500' }),
  });
  expect(response.status).toBe(403);
  expect(await response.json()).toMatchObject({
    error: { code: 'emulator_control_refused', message: expect.stringContaining('web pages') },
  });
});
