/**
 * The retry policy as small pure functions, so every rule is unit-tested without a clock or a server.
 *
 * @module
 */

/** How failed requests are retried. */
export interface RetryPolicy {
  /** Retries after the first attempt (0 disables retrying). */
  readonly maxRetries: number;
  /** Backoff ceiling of the first retry; it doubles per attempt ("full jitter" draws uniformly below it). */
  readonly initialBackoffMs: number;
  /** Upper bound of any backoff ceiling. */
  readonly maxBackoffMs: number;
  /** Upper bound on how long a `Retry-After` header can make us wait. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxRetries: 10,
  initialBackoffMs: 500,
  maxBackoffMs: 30_000,
  maxRetryAfterMs: 30_000,
});

/** HTTP statuses that are always worth retrying: timeout, throttling and gateway trouble. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([
  408,
  429,
  502,
  503,
  504,
]);

/** Whether a response status (with CDF's auto-retryable flag) should be retried. */
export function isRetryableStatus(
  status: number,
  isAutoRetryable = false,
): boolean {
  return RETRYABLE_STATUSES.has(status) || isAutoRetryable;
}

/**
 * Full-jitter exponential backoff: a uniform draw in `[0, min(max, initial * 2^retry))`.
 * `retry` counts from 0 for the first retry; `random` is `Math.random` outside tests.
 */
export function backoffDelayMs(
  retry: number,
  policy: Pick<RetryPolicy, "initialBackoffMs" | "maxBackoffMs">,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(
    policy.maxBackoffMs,
    policy.initialBackoffMs * 2 ** retry,
  );
  return Math.floor(random() * ceiling);
}

/**
 * Parses a `Retry-After` header: delay-seconds (fractions accepted) or an HTTP-date.
 * Returns milliseconds to wait (never negative) or `undefined` when the header is absent or unreadable.
 */
export function parseRetryAfter(
  header: string | null | undefined,
  nowMs: number,
): number | undefined {
  if (header === null || header === undefined) return undefined;
  const text = header.trim();
  if (text === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // HTTP-date (RFC 9110 IMF-fixdate; Date.parse also reads the obsolete forms).
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/**
 * How long to wait before the next attempt: `Retry-After` when the server sent one (capped), otherwise the
 * jittered backoff.
 */
export function retryDelayMs(
  retry: number,
  policy: RetryPolicy,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) {
    return Math.min(retryAfterMs, policy.maxRetryAfterMs);
  }
  return backoffDelayMs(retry, policy, random);
}

/** Reads CDF's "safe to retry" signal from the response header or the error body. */
export function isAutoRetryable(
  headerValue: string | null,
  errorBody: unknown,
): boolean {
  if (headerValue !== null && /^(true|1|yes)$/i.test(headerValue.trim())) {
    return true;
  }
  if (typeof errorBody === "object" && errorBody !== null) {
    const error = (errorBody as { error?: unknown }).error;
    if (typeof error === "object" && error !== null) {
      return (error as { isAutoRetryable?: unknown }).isAutoRetryable === true;
    }
  }
  return false;
}
