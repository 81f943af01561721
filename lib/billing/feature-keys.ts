/**
 * What a plan can unlock, by stable key. billing.config.ts gives each feature of a product one
 * of these keys (its text is only what the pricing page shows), and code gates on the key
 * through lib/billing/entitlements.ts. Adding a key here is how a fork adds a gated feature:
 * the config schema then accepts it, and `canUse(…, 'new_key')` type-checks.
 */
export const FEATURE_KEYS = [
  'projects',
  'unlimited_projects',
  'community_support',
  'email_support',
  'priority_support',
  'usage_reports',
  'daily_usage_reports',
  'realtime_usage_reports',
  'custom_domains',
  'single_sign_on',
  'seats',
] as const;

export type FeatureKey = (typeof FEATURE_KEYS)[number];
