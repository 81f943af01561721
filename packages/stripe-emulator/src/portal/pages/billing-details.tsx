import type Stripe from 'stripe';
import { TAX_ID_TYPE_NAMES } from '../../resources/tax-ids.js';
import { COUNTRIES, type BillingField, type BillingFormValues } from '../billing-form.js';
import { Alert, SelectField, SubmissionToken, TextField } from '../components.js';
import type { PortalContext } from '../session.js';
import { LinkButton, PortalFrame } from './shared.js';

// "Billing information" (the customer_update flow and "Update information"): the fields the
// configuration's `customer_update.allowed_updates` lists, and the customer's tax IDs.

export function BillingDetailsPage({
  context,
  values,
  taxIds,
  errors,
}: {
  context: PortalContext;
  values: BillingFormValues;
  taxIds: readonly Stripe.TaxId[];
  errors?: Partial<Record<BillingField, string>>;
}) {
  const { l, base, configuration } = context;
  const { t } = l;
  const allowed = configuration.features.customer_update.allowed_updates;
  const countries = new Intl.DisplayNames([l.intlLocale], { type: 'region' });
  return (
    <PortalFrame context={context} title={t.billingInfoHeading}>
      <h1>{t.billingInfoHeading}</h1>
      {allowed.includes('tax_id') && taxIds.length > 0 && (
        <section className="card" aria-label={t.taxIdsHeading}>
          {taxIds.map((taxId) => (
            <div key={taxId.id} className="row">
              <span>
                <span className="muted small">{t.taxIdTypes[taxId.type] ?? taxId.type}</span> {taxId.value}
              </span>
              <form className="inline" method="post" action={`${base}/customer/tax-ids/${taxId.id}/delete`}>
                <SubmissionToken />
                <button type="submit" className="secondary">
                  {t.removeTaxId(taxId.value)}
                </button>
              </form>
            </div>
          ))}
        </section>
      )}
      <form method="post" action={`${base}/customer`} noValidate>
        <SubmissionToken />
        {allowed.includes('name') && (
          <TextField id="name" label={t.fullName} value={values.name} error={errors?.name} autoComplete="name" />
        )}
        {allowed.includes('email') && (
          <TextField id="email" type="email" label={t.email} value={values.email} error={errors?.email} autoComplete="email" />
        )}
        {allowed.includes('phone') && (
          <TextField id="phone" type="tel" label={t.phone} value={values.phone} error={errors?.phone} autoComplete="tel" />
        )}
        {allowed.includes('address') && (
          <fieldset>
            <legend>{t.addressHeading}</legend>
            <SelectField
              id="country"
              label={t.country}
              value={values.country}
              error={errors?.country}
              autoComplete="country"
              options={[
                { value: '', label: t.chooseCountry },
                ...COUNTRIES.map((code) => ({ value: code, label: countries.of(code) ?? code })),
              ]}
            />
            <TextField id="line1" label={t.addressLine1} value={values.line1} error={errors?.line1} autoComplete="address-line1" />
            <TextField id="line2" label={t.addressLine2} value={values.line2} autoComplete="address-line2" />
            <div className="fields">
              <TextField id="city" label={t.city} value={values.city} autoComplete="address-level2" />
              <TextField id="postal_code" label={t.postalCode} value={values.postal_code} autoComplete="postal-code" />
            </div>
            <TextField id="state" label={t.state} value={values.state} autoComplete="address-level1" />
          </fieldset>
        )}
        {allowed.includes('tax_id') && (
          <fieldset>
            <legend>{t.taxIdsHeading}</legend>
            <div className="fields">
              <SelectField
                id="tax_id_type"
                label={t.taxIdType}
                value={values.tax_id_type}
                options={TAX_ID_TYPE_NAMES.map((type) => ({ value: type, label: t.taxIdTypes[type] ?? type }))}
              />
              <TextField id="tax_id_value" label={t.taxIdValue} value={values.tax_id_value} error={errors?.tax_id_value} />
            </div>
            <p className="hint">{t.taxIdOptional}</p>
          </fieldset>
        )}
        {errors && Object.keys(errors).length > 0 && <Alert kind="error">{Object.values(errors).join(' ')}</Alert>}
        <button type="submit" className="block">
          {t.save}
        </button>
      </form>
      {!context.flow && (
        <div className="actions">
          <LinkButton action={base} label={t.goBack} />
        </div>
      )}
    </PortalFrame>
  );
}
