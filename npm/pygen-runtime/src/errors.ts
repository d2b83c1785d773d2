/**
 * The error hierarchy. Everything the runtime throws on purpose is a {@link PygenError}, so callers can catch one
 * base class; the subclasses say whether CDF answered with an error, the network failed, authentication failed, the
 * caller's input was wrong, or a batch only partly succeeded.
 *
 * @module
 */

/** Base class of every error the runtime throws on purpose. */
export class PygenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad input from the caller (a value, an id, a configuration option): nothing was sent. */
export class PygenValueError extends PygenError {}

/** What CDF sent back in the `error` object of a failed response. */
export interface APIErrorDetails {
  /** HTTP status of the response. */
  status: number;
  /** `error.code` (normally the HTTP status again). */
  code?: number;
  /** `error.message`, or the raw body when it was not the DMS error format. */
  message: string;
  /** Ids CDF could not find (`error.missing`). */
  missing?: readonly unknown[];
  /** Ids CDF found more than once (`error.duplicated`). */
  duplicated?: readonly unknown[];
  /** The `x-request-id` response header: quote it when asking Cognite for help. */
  requestId?: string;
  /** The request that failed, e.g. `POST /models/instances/list`. */
  request?: string;
  /** Whether CDF flagged the failure as safe to retry (`cdf-is-auto-retryable` or `error.isAutoRetryable`). */
  isAutoRetryable?: boolean;
  /** Any other keys of the `error` object, kept so a new API field is never lost. */
  extra?: Readonly<Record<string, unknown>>;
}

/** CDF answered with an error status (after any retries). */
export class PygenAPIError extends PygenError {
  readonly status: number;
  readonly code: number | undefined;
  readonly apiMessage: string;
  readonly missing: readonly unknown[];
  readonly duplicated: readonly unknown[];
  readonly requestId: string | undefined;
  readonly request: string | undefined;
  readonly isAutoRetryable: boolean;
  readonly extra: Readonly<Record<string, unknown>>;

  constructor(details: APIErrorDetails, options?: { cause?: unknown }) {
    super(describeAPIError(details), options);
    this.status = details.status;
    this.code = details.code;
    this.apiMessage = details.message;
    this.missing = details.missing ?? [];
    this.duplicated = details.duplicated ?? [];
    this.requestId = details.requestId;
    this.request = details.request;
    this.isAutoRetryable = details.isAutoRetryable ?? false;
    this.extra = details.extra ?? {};
  }
}

function describeAPIError(details: APIErrorDetails): string {
  const where = details.request ? `${details.request} failed with ` : "";
  let text = `${where}${details.status}: ${details.message}`;
  if (details.missing?.length) {
    text += ` | missing: ${preview(details.missing)}`;
  }
  if (details.duplicated?.length) {
    text += ` | duplicated: ${preview(details.duplicated)}`;
  }
  if (details.requestId) text += ` [request id: ${details.requestId}]`;
  return text;
}

function preview(items: readonly unknown[]): string {
  const shown = items.slice(0, 5).map((item) => JSON.stringify(item)).join(
    ", ",
  );
  return items.length > 5 ? `${shown} and ${items.length - 5} more` : shown;
}

/** Getting or using a token failed: the token endpoint refused, or CDF still answered 401 after a refresh. */
export class AuthenticationError extends PygenError {
  /** HTTP status from the token endpoint or CDF, when there was a response. */
  readonly status: number | undefined;
  /** The `x-request-id` of the CDF response, when the failure came from CDF. */
  readonly requestId: string | undefined;

  constructor(
    message: string,
    options?: { status?: number; requestId?: string; cause?: unknown },
  ) {
    super(message, options);
    this.status = options?.status;
    this.requestId = options?.requestId;
  }
}

/** No usable response: the connection failed or the request timed out, on every attempt. */
export class PygenConnectionError extends PygenError {
  /** True when the last attempt ran out of time (including reading the body). */
  readonly timedOut: boolean;
  /** The request that failed, e.g. `POST /models/instances/list`. */
  readonly request: string;
  /** How many attempts were made. */
  readonly attempts: number;

  constructor(
    message: string,
    options: {
      timedOut: boolean;
      request: string;
      attempts: number;
      cause?: unknown;
    },
  ) {
    super(message, { cause: options.cause });
    this.timedOut = options.timedOut;
    this.request = options.request;
    this.attempts = options.attempts;
  }
}

/** One failed request of a batch: the error and the items that request carried. */
export interface FailedRequest<TItem> {
  readonly error: Error;
  readonly items: readonly TItem[];
}

/**
 * Some requests of a chunked operation failed. Nothing is lost: {@link MultiRequestError.successes} holds what
 * the requests that succeeded returned (the operation's own result type: an `UpsertResult` for upsert, the
 * deleted ids for delete, the instances for retrieve) and {@link MultiRequestError.failures} the items of each
 * failed request with its error, so the caller can retry exactly what failed.
 */
export class MultiRequestError<TSuccess = unknown, TItem = unknown>
  extends PygenError {
  readonly successes: TSuccess;
  readonly failures: readonly FailedRequest<TItem>[];

  constructor(
    operation: string,
    successes: TSuccess,
    succeededItems: number,
    failures: readonly FailedRequest<TItem>[],
    totalRequests: number,
  ) {
    const failedItems = failures.reduce((n, f) => n + f.items.length, 0);
    const first = failures[0]?.error.message ?? "";
    super(
      `${operation}: ${failures.length} of ${totalRequests} request(s) failed, ${failedItems} item(s) were ` +
        `not processed and ${succeededItems} succeeded. First error: ${first}`,
      { cause: failures[0]?.error },
    );
    this.successes = successes;
    this.failures = failures;
  }

  /** Every item of every failed request, in request order. */
  get failedItems(): TItem[] {
    return this.failures.flatMap((f) => [...f.items]);
  }
}
