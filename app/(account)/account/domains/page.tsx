import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { ActionForm } from '@/components/action-form';
import { requireUser } from '@/lib/auth';
import { featureAccess, firstProductUnlocking } from '@/lib/billing/entitlements';
import { MAX_CUSTOM_DOMAINS } from '@/lib/custom-domains';
import { db } from '@/lib/db';
import { findCustomDomainsByUser, findSubscriptionsByCustomer } from '@/lib/db/queries';
import { pageMetadata } from '@/lib/i18n/metadata';
import { AccountHeader } from '../account-header';
import { AccountSection } from '../account-section';
import { updateCardAction } from '../actions';
import { removeCustomDomainAction } from './actions';
import { AddDomainForm } from './add-domain-form';

export const generateMetadata = pageMetadata('domains');

/**
 * Custom domains: the demonstration of a feature a plan unlocks. The page offers "Add a domain"
 * only when lib/billing/entitlements.ts says the plan unlocks `custom_domains`, and its action
 * checks again (featureAction). Domains added before the plan lapsed stay listed, inactive, and
 * can still be removed. Reads only our database, like /account.
 */
export default async function DomainsPage() {
  const user = await requireUser('/account/domains');
  const [subscriptions, domains, t, account] = await Promise.all([
    user.stripeCustomerId ? findSubscriptionsByCustomer(db, user.stripeCustomerId) : [],
    findCustomDomainsByUser(db, user.id),
    getTranslations('Domains'),
    getTranslations('Account'),
  ]);
  const access = featureAccess(subscriptions, 'custom_domains');
  const unlocked = access !== 'none';
  const plan = firstProductUnlocking('custom_domains');

  return (
    <div className="space-y-8">
      <div className="space-y-2">
        <Link href="/account" className="text-sm text-zinc-700 underline-offset-4 hover:text-zinc-950 hover:underline">
          <span aria-hidden="true">← </span>
          {t('backToAccount')}
        </Link>
        <AccountHeader email={user.email ?? ''} />
      </div>

      <AccountSection
        headingId="domains-heading"
        heading={t('heading')}
        testId="custom-domains"
        summary={
          <>
            <p className="mt-1 text-sm text-zinc-600">{t('intro')}</p>
            {access === 'none' ? (
              <div data-testid="domains-locked" className="mt-2 space-y-1 text-sm text-zinc-700">
                {plan ? <p className="font-medium text-zinc-900">{t('locked', { plan })}</p> : null}
                {domains.length ? <p>{t('lockedDomains')}</p> : null}
              </div>
            ) : null}
          </>
        }
        action={
          unlocked ? (
            <p className="text-sm text-zinc-600" data-testid="domains-count">
              {t('count', { count: domains.length, limit: MAX_CUSTOM_DOMAINS })}
            </p>
          ) : (
            <Link
              href="/pricing"
              className="inline-flex rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-700"
            >
              {account('seePlans')}
            </Link>
          )
        }
      >
        {access === 'grace' ? (
          <div
            data-testid="domains-grace"
            className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-amber-300 bg-amber-50 p-3"
          >
            <p className="text-sm text-amber-900">{account('unlocksGrace')}</p>
            <ActionForm action={updateCardAction} pendingLabel={account('opening')} variant="primary">
              {account('updateCard')}
            </ActionForm>
          </div>
        ) : null}

        {domains.length === 0 ? (
          <p className="rounded-lg border border-dashed border-zinc-300 p-4 text-sm text-zinc-600" data-testid="no-domains">
            {t('empty')}
          </p>
        ) : (
          <ul aria-label={t('listLabel')} className="divide-y divide-zinc-200 rounded-lg border border-zinc-200">
            {domains.map((domain) => (
              <li
                key={domain.id}
                data-testid="custom-domain"
                data-hostname={domain.hostname}
                data-active={unlocked}
                className="flex flex-wrap items-center justify-between gap-3 px-4 py-2"
              >
                <span className="flex items-center gap-2">
                  <span className={`font-mono text-sm ${unlocked ? 'text-zinc-900' : 'text-zinc-500'}`}>{domain.hostname}</span>
                  {unlocked ? null : (
                    <span className="rounded-full bg-zinc-100 px-2 py-0.5 text-xs font-medium text-zinc-700" data-testid="domain-inactive">
                      {t('inactive')}
                    </span>
                  )}
                </span>
                <ActionForm
                  action={removeCustomDomainAction}
                  fields={{ domainId: domain.id }}
                  pendingLabel={t('removing')}
                  variant="danger"
                >
                  {t('remove')}
                  <span className="sr-only"> {domain.hostname}</span>
                </ActionForm>
              </li>
            ))}
          </ul>
        )}

        {unlocked ? (
          <AddDomainForm
            key={domains.length}
            labels={{
              heading: t('addHeading'),
              hostname: t('hostnameLabel'),
              hint: t('hostnameHint', { limit: MAX_CUSTOM_DOMAINS }),
              submit: t('add'),
              pending: t('adding'),
            }}
          />
        ) : null}
      </AccountSection>
    </div>
  );
}
