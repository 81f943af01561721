import { describe, expect, it } from 'vitest';
import { MAX_HOSTNAME_LENGTH, hostnameSchema } from '@/lib/custom-domains';

// Custom domains, the demonstration of a gated feature: what "Add a domain" accepts. (The gate
// itself, status by status, is in entitlements.test.ts.)

/** The message key the schema refuses `input` with, or the hostname it accepts. */
function parse(input: unknown): { hostname: string } | { refused: string } {
  const result = hostnameSchema.safeParse(input);
  return result.success ? { hostname: result.data } : { refused: result.error.issues[0]!.message };
}

describe('the hostname schema', () => {
  it.each([
    ['example.com', 'example.com'],
    ['app.example.com', 'app.example.com'],
    ['  App.Example.COM  ', 'app.example.com'],
    ['example.com.', 'example.com'],
    ['my-app.example.co.uk', 'my-app.example.co.uk'],
    ['xn--caf-dma.fr', 'xn--caf-dma.fr'],
    ['1password.com', '1password.com'],
    [`${'a'.repeat(63)}.com`, `${'a'.repeat(63)}.com`],
  ])('accepts %j as %j', (input, hostname) => {
    expect(parse(input)).toEqual({ hostname });
  });

  it('accepts a name of exactly 253 characters, refuses one of 254', () => {
    const label = 'a'.repeat(61);
    // Four labels of 61, their dots and "com": 251 characters; two more on the first label (63, its most).
    const name253 = `ab${label}.${label}.${label}.${label}.com`;
    expect(name253).toHaveLength(MAX_HOSTNAME_LENGTH);
    expect(parse(name253)).toEqual({ hostname: name253 });
    expect(parse(`a${name253}`)).toEqual({ refused: 'hostnameTooLong' });
  });

  it.each([
    ['', 'hostnameRequired'],
    ['   ', 'hostnameRequired'],
    [undefined, 'hostnameRequired'],
    ['https://example.com', 'hostnameNotBare'],
    ['http://example.com', 'hostnameNotBare'],
    ['example.com/path', 'hostnameNotBare'],
    ['example.com:8080', 'hostnameNotBare'],
    ['example.com?x=1', 'hostnameNotBare'],
    ['user@example.com', 'hostnameNotBare'],
    ['localhost', 'hostnameInvalid'],
    ['192.168.0.1', 'hostnameInvalid'],
    ['exa mple.com', 'hostnameInvalid'],
    ['-example.com', 'hostnameInvalid'],
    ['example-.com', 'hostnameInvalid'],
    ['example..com', 'hostnameInvalid'],
    ['.example.com', 'hostnameInvalid'],
    ['exa_mple.com', 'hostnameInvalid'],
    ['café.fr', 'hostnameInvalid'],
    ['*.example.com', 'hostnameInvalid'],
    [`${'a'.repeat(64)}.com`, 'hostnameInvalid'],
  ])('refuses %j with %s', (input, key) => {
    expect(parse(input)).toEqual({ refused: key });
  });
});
