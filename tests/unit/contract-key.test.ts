import { afterEach, describe, expect, it, vi } from 'vitest';
import { contractKey, ContractKeyError, contractTargets, newRunId } from '../contract/target';

// The contract suite runs against real Stripe only with a test-mode key, and never echoes a key.

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('contractKey', () => {
  it('is null when STRIPE_CONTRACT_KEY is unset or blank: the Stripe target is skipped', () => {
    expect(contractKey(undefined)).toBeNull();
    expect(contractKey('')).toBeNull();
    expect(contractKey('  ')).toBeNull();
  });

  it('accepts test-mode secret and restricted keys', () => {
    expect(contractKey('sk_test_51HabcDEF123')).toBe('sk_test_51HabcDEF123');
    expect(contractKey(' rk_test_51HabcDEF123\n')).toBe('rk_test_51HabcDEF123');
  });

  it('refuses live keys, publishable keys and anything else, without repeating the key', () => {
    for (const [key, reason] of [
      ['sk_live_51HsecretPart', /is a live-mode key \(sk_live_…\)/],
      ['rk_live_51HsecretPart', /is a live-mode key \(rk_live_…\)/],
      ['pk_test_51HsecretPart', /this value starts with pk_test_\)/],
      ['whsec_secretPart', /this value has neither prefix\)/],
      ['sk_test_51H secretPart', /starts with sk_test_ but has other characters/],
    ] as const) {
      expect(() => contractKey(key)).toThrow(ContractKeyError);
      expect(() => contractKey(key)).toThrow(reason);
      expect(() => contractKey(key)).not.toThrow(/secretPart/);
    }
  });
});

describe('contractTargets', () => {
  it('is the emulator alone without a key, and both targets with a test key', () => {
    vi.stubEnv('STRIPE_CONTRACT_KEY', '');
    expect(contractTargets()).toEqual(['emulator']);
    vi.stubEnv('STRIPE_CONTRACT_KEY', 'sk_test_51Habc');
    expect(contractTargets()).toEqual(['emulator', 'stripe']);
    vi.stubEnv('STRIPE_CONTRACT_KEY', 'sk_live_51Habc');
    expect(() => contractTargets()).toThrow(ContractKeyError);
  });
});

describe('newRunId', () => {
  it('says when the run started and is unique, in characters metadata, e-mail addresses and ids allow', () => {
    const id = newRunId(new Date('2026-11-30T10:15:00Z'));
    expect(id).toMatch(/^contract-20261130t101500-[a-z0-9]{6}$/);
    expect(newRunId()).not.toBe(newRunId());
  });
});
