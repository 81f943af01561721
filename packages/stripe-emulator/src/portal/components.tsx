import type Stripe from 'stripe';
import { idOf } from '../ids.js';
import { randomString } from '../store.js';
import type { CardField, CardFormValues } from './card-form.js';
import type { Localized } from './i18n/index.js';

/** Pieces shared by the portal and Checkout pages. */

export function Alert({ kind, children }: { kind: 'error' | 'success'; children: string }) {
  return (
    <div className={`alert ${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

/**
 * A one-time token in each form, so that a submission replayed (a double click, a reload, the
 * back button) is recognized and not applied twice.
 */
export function SubmissionToken() {
  return <input type="hidden" name="submission" value={randomString(24)} />;
}

interface TextFieldProps {
  readonly id: string;
  readonly label: string;
  readonly value?: string;
  readonly error?: string | undefined;
  readonly autoComplete?: string;
  readonly inputMode?: 'numeric' | 'email' | 'text' | 'tel';
  readonly placeholder?: string;
  readonly type?: 'text' | 'email' | 'number' | 'tel';
  readonly required?: boolean;
  readonly min?: number;
  readonly max?: number | undefined;
}

export function TextField({
  id,
  label,
  value,
  error,
  autoComplete,
  inputMode,
  placeholder,
  type = 'text',
  required,
  min,
  max,
}: TextFieldProps) {
  const errorId = `${id}-error`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={id}
        type={type}
        defaultValue={value}
        autoComplete={autoComplete}
        inputMode={inputMode}
        placeholder={placeholder}
        required={required}
        min={min}
        max={max}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
      />
      {error && (
        <div className="field-error" id={errorId}>
          {error}
        </div>
      )}
    </div>
  );
}

/** A labelled `<select>`, with an error under it like a text field's. */
export function SelectField({
  id,
  label,
  value,
  options,
  error,
  autoComplete,
}: {
  id: string;
  label: string;
  value: string;
  options: readonly { value: string; label: string }[];
  error?: string | undefined;
  autoComplete?: string;
}) {
  const errorId = `${id}-error`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={id}
        defaultValue={value}
        autoComplete={autoComplete}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {error && (
        <div className="field-error" id={errorId}>
          {error}
        </div>
      )}
    </div>
  );
}

interface CardFormState {
  values?: CardFormValues | undefined;
  errors?: Partial<Record<CardField, string>> | undefined;
}

/** One of the card's numeric inputs, showing what was typed and the error for it. */
function CardNumberField({
  field,
  label,
  autoComplete,
  placeholder,
  values,
  errors,
}: CardFormState & { field: CardField; label: string; autoComplete: string; placeholder: string }) {
  return (
    <TextField
      id={field}
      label={label}
      value={values?.[field]}
      error={errors?.[field]}
      autoComplete={autoComplete}
      inputMode="numeric"
      placeholder={placeholder}
    />
  );
}

export function CardFields({ l, ...form }: CardFormState & { l: Localized }) {
  const { t } = l;
  return (
    <>
      <CardNumberField field="card_number" label={t.cardNumber} autoComplete="cc-number" placeholder="1234 1234 1234 1234" {...form} />
      <div className="fields">
        <CardNumberField field="expiry" label={t.expiry} autoComplete="cc-exp" placeholder={t.expiryPlaceholder} {...form} />
        <CardNumberField field="cvc" label={t.cvc} autoComplete="cc-csc" placeholder="123" {...form} />
      </div>
      <TextField id="name" label={t.nameOnCard} value={form.values?.name} autoComplete="cc-name" />
    </>
  );
}

/** "€20.00 per month" for a recurring price. */
export function priceLabel(l: Localized, price: Stripe.Price): string {
  const amount = l.money(price.unit_amount ?? 0, price.currency);
  if (!price.recurring) return amount;
  const { interval, interval_count: count } = price.recurring;
  const unit = (['day', 'week', 'month', 'year'] as const).find((candidate) => candidate === interval) ?? 'month';
  return l.t.pricePer(amount, l.t.interval(unit, count));
}

/** The product name a price belongs to, or the price's nickname, or its id. */
export function priceName(products: { get(id: string): Stripe.Product | undefined }, price: Stripe.Price): string {
  const productId = idOf(price.product);
  return products.get(productId)?.name ?? price.nickname ?? price.id;
}
