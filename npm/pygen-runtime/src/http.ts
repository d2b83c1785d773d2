/**
 * The fetch-based HTTP client every API call goes through: auth headers, one timeout per attempt that also
 * covers reading the body, retries with full-jitter backoff (honouring `Retry-After`), one forced token refresh
 * after a 401, a client-wide cap on requests in flight, gzip request bodies, and CDF errors turned into
 * {@link PygenAPIError}.
 *
 * @module
 */

import { Semaphore } from "./concurrency.ts";
import type { ClientConfig } from "./config.ts";
import {
  AuthenticationError,
  PygenAPIError,
  PygenConnectionError,
  PygenError,
} from "./errors.ts";
import { canGzip, gzip } from "./gzip.ts";
import { redactHeaders } from "./logging.ts";
import {
  isAutoRetryable,
  isRetryableStatus,
  parseRetryAfter,
  retryDelayMs,
} from "./retry.ts";
import { toJSONText } from "./values.ts";
import { VERSION } from "./version.ts";

/** The DMS API version this runtime speaks. */
export const CDF_API_VERSION = "20230101";

/** Seams for tests and instrumentation; production code leaves them unset. */
export interface TransportHooks {
  /** Waits between attempts. Default: `setTimeout`, cancelled by the request's signal. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Source of backoff jitter in `[0, 1)`. Default `Math.random`. */
  random?: () => number;
  /** Wall clock in epoch milliseconds, for `Retry-After` dates. Default `Date.now`. */
  now?: () => number;
}

/** Per-request options. */
export interface RequestOptions {
  /** Query string parameters; `undefined` values are left out. */
  query?: Readonly<Record<string, string | number | boolean | undefined>>;
  /** Cancels the request (and any wait between retries). */
  signal?: AbortSignal;
  /** Extra headers for this request. */
  headers?: Readonly<Record<string, string>>;
}

/** A successful response. */
export interface HTTPResponse<T> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
  readonly requestId: string | undefined;
}

interface Payload {
  readonly bytes: Uint8Array;
  readonly gzipped: boolean;
}

type Outcome =
  | { kind: "response"; status: number; headers: Headers; text: string }
  | { kind: "failure"; error: unknown; timedOut: boolean; aborted: boolean };

const encoder = new TextEncoder();

/** One per SDK client. Requests are relative to `{baseUrl}/api/v1/projects/{project}`. */
export class HTTPClient {
  readonly config: ClientConfig;
  readonly #semaphore: Semaphore;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #random: () => number;
  readonly #now: () => number;

  constructor(config: ClientConfig, hooks: TransportHooks = {}) {
    this.config = config;
    this.#semaphore = new Semaphore(config.maxConcurrentRequests);
    this.#sleep = hooks.sleep ?? abortableSleep;
    this.#random = hooks.random ?? Math.random;
    this.#now = hooks.now ?? Date.now;
  }

  /** `POST {path}` with a JSON body; resolves to the parsed response body. */
  async post<T>(
    path: string,
    body: unknown,
    options: RequestOptions = {},
  ): Promise<T> {
    return (await this.request<T>("POST", path, { ...options, body })).body;
  }

  /** `GET {path}`; resolves to the parsed response body. */
  async get<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return (await this.request<T>("GET", path, options)).body;
  }

  /** Sends a request with retries and returns the parsed response, or throws a {@link PygenError}. */
  async request<T>(
    method: string,
    path: string,
    options: RequestOptions & { body?: unknown } = {},
  ): Promise<HTTPResponse<T>> {
    const label = `${method} ${path}`;
    const url = this.#url(path, options.query);
    const payload = options.body === undefined
      ? undefined
      : await this.#encode(options.body);
    const { retry, credentials, logger } = this.config;
    let retries = 0;
    let refreshed = false;
    let refreshNext: { stale: string } | undefined;

    for (let attempt = 1;; attempt++) {
      const authorization = refreshNext
        ? await credentials.authorizationHeader({
          refresh: true,
          stale: refreshNext.stale,
        })
        : await credentials.authorizationHeader();
      refreshNext = undefined;
      const headers = this.#headers(authorization, payload, options.headers);
      const started = performance.now();
      const release = await this.#semaphore.acquire();
      let outcome: Outcome;
      try {
        outcome = await this.#send(
          method,
          url,
          headers,
          payload,
          options.signal,
        );
      } finally {
        release();
      }
      const durationMs = Math.round(performance.now() - started);

      if (outcome.kind === "failure") {
        if (outcome.aborted) throw outcome.error;
        const problem = outcome.timedOut
          ? `timed out after ${this.config.timeoutMs} ms`
          : `could not connect (${errorText(outcome.error)})`;
        logger.debug(`${label} ${problem}`, {
          url,
          attempt,
          durationMs,
          headers: redactHeaders(headers),
        });
        if (retries < retry.maxRetries) {
          const delay = retryDelayMs(retries, retry, undefined, this.#random);
          logger.warn(
            `${label} ${problem}; retry ${
              retries + 1
            }/${retry.maxRetries} in ${delay} ms`,
          );
          await this.#sleep(delay, options.signal);
          retries++;
          continue;
        }
        throw new PygenConnectionError(
          `${label} ${problem} (${attempt} attempt(s))`,
          {
            timedOut: outcome.timedOut,
            request: label,
            attempts: attempt,
            cause: outcome.error,
          },
        );
      }

      const { status, headers: responseHeaders, text } = outcome;
      const requestId = responseHeaders.get("x-request-id") ?? undefined;
      logger.debug(`${label} -> ${status}`, {
        url,
        attempt,
        durationMs,
        requestId,
        headers: redactHeaders(headers),
      });
      if (status >= 200 && status < 300) {
        return {
          status,
          headers: responseHeaders,
          body: parseBody<T>(text, label, requestId),
          requestId,
        };
      }

      if (status === 401 && credentials.canRefresh && !refreshed) {
        refreshed = true;
        refreshNext = { stale: authorization };
        logger.warn(
          `${label} -> 401; refreshing the token and trying once more`,
          { requestId },
        );
        continue;
      }

      const errorBody = tryParse(text);
      const autoRetryable = isAutoRetryable(
        responseHeaders.get("cdf-is-auto-retryable"),
        errorBody,
      );
      if (
        isRetryableStatus(status, autoRetryable) && retries < retry.maxRetries
      ) {
        const retryAfter = parseRetryAfter(
          responseHeaders.get("retry-after"),
          this.#now(),
        );
        const delay = retryDelayMs(retries, retry, retryAfter, this.#random);
        logger.warn(
          `${label} -> ${status}; retry ${
            retries + 1
          }/${retry.maxRetries} in ${delay} ms`,
          {
            requestId,
            retryAfter: responseHeaders.get("retry-after") ?? undefined,
          },
        );
        await this.#sleep(delay, options.signal);
        retries++;
        continue;
      }

      const details = errorDetails(
        status,
        text,
        errorBody,
        requestId,
        label,
        autoRetryable,
      );
      if (status === 401) {
        throw new AuthenticationError(
          `${label} was refused with 401 (${details.message})${
            refreshed ? " even after refreshing the token" : ""
          }` +
            (requestId ? ` [request id: ${requestId}]` : ""),
          {
            status,
            ...(requestId ? { requestId } : {}),
            cause: new PygenAPIError(details),
          },
        );
      }
      throw new PygenAPIError(details);
    }
  }

  #url(path: string, query: RequestOptions["query"]): string {
    const url = `${this.config.projectUrl}${
      path.startsWith("/") ? path : `/${path}`
    }`;
    if (!query) return url;
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) params.set(key, String(value));
    }
    const text = params.toString();
    return text ? `${url}?${text}` : url;
  }

  async #encode(body: unknown): Promise<Payload> {
    const bytes = encoder.encode(toJSONText(body));
    if (
      this.config.gzip && bytes.byteLength >= this.config.gzipMinBytes &&
      canGzip()
    ) {
      return { bytes: await gzip(bytes), gzipped: true };
    }
    return { bytes, gzipped: false };
  }

  #headers(
    authorization: string,
    payload: Payload | undefined,
    extra: Readonly<Record<string, string>> | undefined,
  ): Record<string, string> {
    const headers: Record<string, string> = {
      ...this.config.headers,
      ...(extra ?? {}),
      accept: "application/json",
      authorization,
      "cdf-version": CDF_API_VERSION,
      "x-cdp-sdk": `CognitePygenTS:${VERSION}`,
      "x-cdp-app": this.config.clientName,
    };
    if (payload) {
      headers["content-type"] = "application/json";
      if (payload.gzipped) headers["content-encoding"] = "gzip";
    }
    return headers;
  }

  async #send(
    method: string,
    url: string,
    headers: Record<string, string>,
    payload: Payload | undefined,
    signal: AbortSignal | undefined,
  ): Promise<Outcome> {
    if (signal?.aborted) {
      return {
        kind: "failure",
        error: signal.reason,
        timedOut: false,
        aborted: true,
      };
    }
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(
        new DOMException(
          `timed out after ${this.config.timeoutMs} ms`,
          "TimeoutError",
        ),
      );
    }, this.config.timeoutMs);
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      const response = await this.config.fetch(url, {
        method,
        headers,
        ...(payload ? { body: payload.bytes as BodyInit } : {}),
        signal: controller.signal,
      });
      // Still under the timer: a server that sends headers and then stalls is a timeout too.
      const text = await response.text();
      return {
        kind: "response",
        status: response.status,
        headers: response.headers,
        text,
      };
    } catch (error) {
      const aborted = !timedOut && signal?.aborted === true;
      return {
        kind: "failure",
        error: aborted ? signal?.reason : error,
        timedOut,
        aborted,
      };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
  }
}

function parseBody<T>(
  text: string,
  label: string,
  requestId: string | undefined,
): T {
  if (text === "") return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new PygenError(
      `${label}: the response is not valid JSON (${text.slice(0, 100)})` +
        (requestId ? ` [request id: ${requestId}]` : ""),
      { cause: error },
    );
  }
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function errorDetails(
  status: number,
  text: string,
  body: unknown,
  requestId: string | undefined,
  request: string,
  autoRetryable: boolean,
) {
  const error = typeof body === "object" && body !== null
    ? (body as { error?: unknown }).error
    : undefined;
  if (typeof error !== "object" || error === null) {
    return {
      status,
      message: text.trim().slice(0, 500) || "(empty body)",
      ...(requestId ? { requestId } : {}),
      request,
      isAutoRetryable: autoRetryable,
    };
  }
  const {
    code,
    message,
    missing,
    duplicated,
    isAutoRetryable: _flag,
    ...extra
  } = error as Record<string, unknown>;
  return {
    status,
    ...(typeof code === "number" ? { code } : {}),
    message: typeof message === "string" ? message : JSON.stringify(error),
    ...(Array.isArray(missing) ? { missing } : {}),
    ...(Array.isArray(duplicated) ? { duplicated } : {}),
    ...(requestId ? { requestId } : {}),
    request,
    isAutoRetryable: autoRetryable,
    extra,
  };
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error
      ? `: ${error.cause.message}`
      : "";
    return `${error.message}${cause}`;
  }
  return String(error);
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
