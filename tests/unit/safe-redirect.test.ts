import { describe, expect, it } from 'vitest';
import { safeRedirectPath } from '@/lib/safe-redirect';

const appUrl = 'http://localhost:3000';

describe('safeRedirectPath', () => {
  it.each([
    ['/account', '/account'],
    ['/account?tab=billing#card', '/account?tab=billing#card'],
    ['http://localhost:3000/pricing', '/pricing'],
    ['account', '/account'],
  ])('keeps %s on the site as %s', (target, expected) => {
    expect(safeRedirectPath(target, appUrl)).toBe(expected);
  });

  it.each([
    'https://evil.example',
    'https://evil.example/account',
    '//evil.example',
    '//evil.example/account',
    '/\\evil.example',
    '\\\\evil.example',
    '/\t/evil.example',
    'http://localhost:3001/account',
    'https://localhost:3000/account',
    'javascript:alert(1)',
    'data:text/html,hi',
    '',
    'x'.repeat(3000),
  ])('sends %j to /', (target) => {
    expect(safeRedirectPath(target, appUrl)).toBe('/');
  });

  it.each([undefined, null, 42, ['/account'], { href: '/account' }])('sends a non-string (%j) to /', (target) => {
    expect(safeRedirectPath(target, appUrl)).toBe('/');
  });
});
