import type { CardField, CardFormValues } from '../card-form.js';
import { Alert, CardFields, SubmissionToken } from '../components.js';
import type { PortalContext } from '../session.js';
import { LinkButton, PortalFrame } from './shared.js';

// "Add a payment method": the card form of the payment_method_update flow and of "Update card".

export function CardPage({
  context,
  values,
  errors,
  failure,
}: {
  context: PortalContext;
  values?: CardFormValues;
  errors?: Partial<Record<CardField, string>>;
  failure?: string;
}) {
  const { l, base } = context;
  const { t } = l;
  return (
    <PortalFrame context={context} title={t.addPaymentMethodHeading}>
      <h1>{t.addPaymentMethodHeading}</h1>
      {failure && <Alert kind="error">{failure}</Alert>}
      <form method="post" action={`${base}/payment-method`} noValidate>
        <SubmissionToken />
        <CardFields l={l} values={values} errors={errors} />
        <button type="submit" className="block">
          {t.addCard}
        </button>
      </form>
      <p className="hint">{t.testCardsHint}</p>
      {!context.flow && (
        <div className="actions">
          <LinkButton action={base} label={t.goBack} />
        </div>
      )}
    </PortalFrame>
  );
}
