/**
 * Stripe's error envelope and the handful of errors the emulator raises.
 *
 * Throw a `StripeApiError` anywhere below a handler (schemas, mutations, pages); the server turns it
 * into `{ error: { type, code, message, param, doc_url } }` with its HTTP status, which is what the
 * `stripe` SDK maps onto its error classes (`StripeInvalidRequestError`, `StripeCardError`, ...).
 */

export type StripeErrorType = 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';

export interface StripeErrorOptions {
  code?: string;
  param?: string;
  declineCode?: string;
  docUrl?: string;
  /** Extra headers for the response, e.g. `Stripe-Should-Retry`. */
  headers?: Record<string, string>;
  /**
   * Whether an idempotent request that failed this way keeps its result for replay. Stripe saves a
   * result only once the endpoint started executing, so parameter validation errors are not saved.
   */
  replayable?: boolean;
}

export interface StripeErrorEnvelope {
  error: {
    type: StripeErrorType;
    message: string;
    code?: string;
    decline_code?: string;
    doc_url?: string;
    param?: string;
    request_log_url?: string;
  };
}

export class StripeApiError extends Error {
  readonly status: number;
  readonly type: StripeErrorType;
  readonly code: string | undefined;
  readonly param: string | undefined;
  readonly declineCode: string | undefined;
  readonly docUrl: string | undefined;
  readonly headers: Record<string, string>;
  readonly replayable: boolean;

  constructor(status: number, type: StripeErrorType, message: string, options: StripeErrorOptions = {}) {
    super(message);
    this.name = 'StripeApiError';
    this.status = status;
    this.type = type;
    this.code = options.code;
    this.param = options.param;
    this.declineCode = options.declineCode;
    this.docUrl = options.docUrl ?? (options.code ? errorCodeDocUrl(options.code) : undefined);
    this.headers = options.headers ?? {};
    this.replayable = options.replayable ?? true;
  }

  toEnvelope(): StripeErrorEnvelope {
    return {
      error: {
        type: this.type,
        message: this.message,
        ...(this.code !== undefined && { code: this.code }),
        ...(this.declineCode !== undefined && { decline_code: this.declineCode }),
        ...(this.docUrl !== undefined && { doc_url: this.docUrl }),
        ...(this.param !== undefined && { param: this.param }),
      },
    };
  }
}

function errorCodeDocUrl(code: string): string {
  return `https://stripe.com/docs/error-codes/${code.replaceAll('_', '-')}`;
}

/** 400 `invalid_request_error` with an optional `param` and `code`. */
export function invalidRequest(message: string, param?: string, code?: string): StripeApiError {
  return new StripeApiError(400, 'invalid_request_error', message, { param, code });
}

/** Like `invalidRequest`, for a parameter that failed validation before the endpoint ran. */
export function invalidParam(message: string, param: string, code?: string): StripeApiError {
  return new StripeApiError(400, 'invalid_request_error', message, { param, code, replayable: false });
}

/** A parameter Stripe accepts that the emulator does not model, named with what to do instead. */
export function unsupported(param: string, reason: string): StripeApiError {
  return invalidParam(`The local Stripe emulator does not support \`${param}\`: ${reason}`, param);
}

/** 404 `resource_missing`: "No such subscription: 'sub_123'". */
export function resourceMissing(objectName: string, id: string, param = 'id'): StripeApiError {
  return new StripeApiError(404, 'invalid_request_error', `No such ${objectName}: '${id}'`, {
    code: 'resource_missing',
    param,
  });
}

/** 400 `parameter_missing`; `param` in bracket notation (`flow_data[type]`). */
export function parameterMissing(param: string): StripeApiError {
  return new StripeApiError(400, 'invalid_request_error', `Missing required param: ${param}.`, {
    code: 'parameter_missing',
    param,
    replayable: false,
  });
}

/** 400 `parameter_unknown`; `param` in bracket notation. */
export function parameterUnknown(param: string): StripeApiError {
  return new StripeApiError(400, 'invalid_request_error', `Received unknown parameter: ${param}`, {
    code: 'parameter_unknown',
    param,
    replayable: false,
  });
}

export function missingApiKey(): StripeApiError {
  return new StripeApiError(
    401,
    'invalid_request_error',
    "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
  );
}

export function invalidApiKey(key: string): StripeApiError {
  return new StripeApiError(401, 'invalid_request_error', `Invalid API Key provided: ${redactKey(key)}`, {
    code: 'api_key_invalid',
  });
}

/** Secret keys are shown as Stripe does: the prefix, stars, and the last four characters. */
function redactKey(key: string): string {
  const prefix = /^(sk|rk|pk)_(test|live)_/.exec(key)?.[0] ?? '';
  if (key.length <= prefix.length + 4) return key;
  return `${prefix}${'*'.repeat(Math.max(key.length - prefix.length - 4, 4))}${key.slice(-4)}`;
}

/**
 * 429 `rate_limit`, with the `Stripe-Rate-Limited-Reason` header Stripe sends. There is no
 * `Stripe-Should-Retry: true` (Stripe sends that on a 429 that is a lock timeout), so the SDK does
 * not retry it on its own: slowing down is the client's job.
 */
export function rateLimited(): StripeApiError {
  return new StripeApiError(
    429,
    'invalid_request_error',
    'Request rate limit exceeded. You can learn more about rate limits here https://stripe.com/docs/rate-limits.',
    { code: 'rate_limit', headers: { 'Stripe-Rate-Limited-Reason': 'global-rate' }, replayable: false },
  );
}

export function apiError(message = 'An unknown error occurred'): StripeApiError {
  return new StripeApiError(500, 'api_error', message);
}

export function idempotencyMismatch(key: string): StripeApiError {
  return new StripeApiError(
    400,
    'idempotency_error',
    `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
  );
}

export function idempotencyEndpointMismatch(key: string, first: string, now: string): StripeApiError {
  return new StripeApiError(
    400,
    'idempotency_error',
    `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${now}' vs '${first}'). Try using a key other than '${key}' if you meant to execute a different request.`,
  );
}

export function idempotencyInFlight(): StripeApiError {
  return new StripeApiError(
    409,
    'idempotency_error',
    'There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through). Please retry your request later.',
  );
}

/** Why a test card is refused, as Stripe reports it: the error `code` and, for declines, `decline_code`. */
export type CardFailure =
  | 'generic_decline'
  | 'insufficient_funds'
  | 'lost_card'
  | 'stolen_card'
  | 'expired_card'
  | 'incorrect_cvc'
  | 'processing_error'
  | 'incorrect_number'
  | 'invalid_expiry_month'
  | 'invalid_expiry_year'
  | 'authentication_required';

const CARD_FAILURES: Record<CardFailure, { code: string; declineCode?: string; message: string }> = {
  generic_decline: { code: 'card_declined', declineCode: 'generic_decline', message: 'Your card was declined.' },
  insufficient_funds: { code: 'card_declined', declineCode: 'insufficient_funds', message: 'Your card has insufficient funds.' },
  lost_card: { code: 'card_declined', declineCode: 'lost_card', message: 'Your card was declined.' },
  stolen_card: { code: 'card_declined', declineCode: 'stolen_card', message: 'Your card was declined.' },
  expired_card: { code: 'expired_card', message: 'Your card has expired.' },
  incorrect_cvc: { code: 'incorrect_cvc', message: "Your card's security code is incorrect." },
  processing_error: { code: 'processing_error', message: 'An error occurred while processing your card. Try again in a little bit.' },
  incorrect_number: { code: 'incorrect_number', message: 'Your card number is incorrect.' },
  invalid_expiry_month: { code: 'invalid_expiry_month', message: "Your card's expiration month is invalid." },
  invalid_expiry_year: { code: 'invalid_expiry_year', message: "Your card's expiration year is invalid." },
  authentication_required: {
    code: 'authentication_required',
    declineCode: 'authentication_required',
    message: 'Your card was declined. This transaction requires authentication.',
  },
};

/** 402 `card_error`, as attaching or charging a declining test card produces. */
export function cardError(failure: CardFailure, param?: string): StripeApiError {
  const { code, declineCode, message } = CARD_FAILURES[failure];
  return new StripeApiError(402, 'card_error', message, { code, declineCode, param });
}

export function unrecognizedUrl(method: string, path: string): StripeApiError {
  return new StripeApiError(
    404,
    'invalid_request_error',
    `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
  );
}
