import { z } from 'zod';
import type { ErrorKey } from '@/lib/billing/customer-action';

/**
 * Custom domains, the demonstration of a gated feature (`custom_domains` in billing.config.ts):
 * what a customer may type, and how many they may have. The page and its actions are under
 * app/(account)/account/domains.
 */

/** How many domains one customer may have. */
export const MAX_CUSTOM_DOMAINS = 5;

/** The longest DNS name (RFC 1035: 255 octets on the wire, 253 characters written). */
export const MAX_HOSTNAME_LENGTH = 253;

// One label: letters, digits and inner hyphens, 1 to 63 characters.
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** What is wrong with a (trimmed, lowercased) hostname, as a key under `Errors`, or null. */
function hostnameProblem(hostname: string): ErrorKey | null {
  if (hostname === '') return 'hostnameRequired';
  // A URL pasted whole: a scheme, a path, a query, a port or credentials.
  if (/[/:?#@\\]/.test(hostname)) return 'hostnameNotBare';
  if (hostname.length > MAX_HOSTNAME_LENGTH) return 'hostnameTooLong';
  const labels = hostname.split('.');
  // At least a name and a top-level domain; a top-level domain is never all digits (that is an IP address).
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label)) || /^\d+$/.test(labels.at(-1)!)) return 'hostnameInvalid';
  return null;
}

/**
 * A hostname as a customer types it: surrounding spaces and one final dot dropped, lowercased
 * (DNS names are case-insensitive), then refused with a message that says why when it is not
 * a domain name on its own (`app.example.com`).
 */
export const hostnameSchema = z
  .string({ error: 'hostnameRequired' satisfies ErrorKey })
  .transform((value) => value.trim().toLowerCase().replace(/\.$/, ''))
  .superRefine((hostname, context) => {
    const problem = hostnameProblem(hostname);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });
