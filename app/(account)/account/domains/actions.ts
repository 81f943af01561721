'use server';

import { z } from 'zod';
import { customerAction, errorKey } from '@/lib/billing/customer-action';
import { featureAction } from '@/lib/billing/feature-action';
import { MAX_CUSTOM_DOMAINS, hostnameSchema } from '@/lib/custom-domains';
import { db } from '@/lib/db';
import { addCustomDomain, removeCustomDomain } from '@/lib/db/queries';

const DOMAINS_PAGE = '/account/domains';

/**
 * "Add domain": only while the plan unlocks custom domains, checked again here from the
 * database (a form opened before the plan lapsed must not add one). The schema explains a bad
 * hostname itself, so the field may be longer than the usual 200 characters.
 */
export const addCustomDomainAction = featureAction(
  'custom_domains',
  z.object({ hostname: hostnameSchema }),
  async ({ user, t }, { hostname }) => {
    const added = await addCustomDomain(db, user.id, hostname, MAX_CUSTOM_DOMAINS);
    if ('refused' in added) {
      return {
        error: added.refused === 'duplicate' ? t('domainDuplicate', { hostname }) : t('domainLimit', { limit: MAX_CUSTOM_DOMAINS }),
      };
    }
    return { redirectTo: DOMAINS_PAGE };
  },
  { returnPath: DOMAINS_PAGE, maxFieldLength: 1000 },
);

/** "Remove": never needs the feature (a customer may always clean up), only the domain to be theirs. */
export const removeCustomDomainAction = customerAction(
  z.object({ domainId: z.uuid({ error: errorKey('domainNotFound') }) }),
  async ({ user, t }, { domainId }) => {
    const removed = await removeCustomDomain(db, user.id, domainId);
    return removed ? { redirectTo: DOMAINS_PAGE } : { error: t('domainNotFound') };
  },
  { returnPath: DOMAINS_PAGE },
);
