import { getLocale, getTranslations } from 'next-intl/server';
import { ActionForm } from '@/components/action-form';
import { flowOffered } from '@/lib/billing/portal';
import type { BillingAddress, Customer } from '@/lib/db/schema';
import { AccountSection } from './account-section';
import { editBillingDetailsAction } from './actions';

function addressLines(address: BillingAddress, locale: string): string[] {
  const country = address.country ? (new Intl.DisplayNames([locale], { type: 'region' }).of(address.country) ?? address.country) : null;
  const cityLine = [address.postalCode, address.city].filter(Boolean).join(' ');
  return [address.line1, address.line2, cityLine, address.state, country].filter((line): line is string => Boolean(line));
}

/** The customer's billing details as Stripe holds them (from our last sync), and "Edit billing details". */
export async function BillingDetails({ customer }: { customer: Customer }) {
  const [t, locale] = await Promise.all([getTranslations('Account'), getLocale()]);
  const address = customer.billingAddress ? addressLines(customer.billingAddress, locale) : [];
  const rows: { label: string; value: string; testId: string }[] = [
    { label: t('billingName'), value: customer.billingName ?? '', testId: 'billing-name' },
    { label: t('billingEmail'), value: customer.billingEmail ?? '', testId: 'billing-email' },
    { label: t('billingPhone'), value: customer.billingPhone ?? '', testId: 'billing-phone' },
    { label: t('billingAddress'), value: address.join(', '), testId: 'billing-address' },
    { label: t('taxIds'), value: customer.taxIds.map((taxId) => taxId.value).join(', '), testId: 'billing-tax-ids' },
  ].filter((row) => row.value);

  return (
    <AccountSection
      headingId="billing-details-heading"
      heading={t('billingDetails')}
      summary={
        rows.length ? (
          <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm text-zinc-700" data-testid="billing-details">
            {rows.map((row) => (
              <div key={row.testId} className="contents">
                <dt className="text-zinc-500">{row.label}</dt>
                <dd data-testid={row.testId}>{row.value}</dd>
              </div>
            ))}
          </dl>
        ) : (
          <p className="mt-1 text-sm text-zinc-600" data-testid="no-billing-details">
            {t('noBillingDetails')}
          </p>
        )
      }
      action={
        flowOffered('customer_update') ? (
          <ActionForm action={editBillingDetailsAction} pendingLabel={t('opening')}>
            {t('editBillingDetails')}
          </ActionForm>
        ) : null
      }
    />
  );
}
