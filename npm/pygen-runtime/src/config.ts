/**
 * Client configuration: where CDF is, which project, how to authenticate, and how the HTTP client behaves.
 *
 * @module
 */

import type { Credentials } from "./auth.ts";
import { OAuthClientCredentials, TokenCredentials } from "./auth.ts";
import { PygenValueError } from "./errors.ts";
import type { Logger } from "./logging.ts";
import { silentLogger } from "./logging.ts";
import type { RetryPolicy } from "./retry.ts";
import { DEFAULT_RETRY_POLICY } from "./retry.ts";

/** What a {@link ClientConfig} is built from; everything but `baseUrl`, `project` and `credentials` is optional. */
export interface ClientConfigOptions {
  /** `https://{cluster}.cognitedata.com`, or any URL (e.g. a local emulator `http://127.0.0.1:8000`). */
  baseUrl: string;
  /** The CDF project. */
  project: string;
  credentials: Credentials;
  /** Sent as `x-cdp-app` so CDF can tell applications apart. Default `"pygen-sdk"`. */
  clientName?: string;
  /** Timeout of one attempt, from sending until the whole body is read. Default 30 000 ms. */
  timeoutMs?: number;
  /** Retry policy; missing fields take the defaults of {@link DEFAULT_RETRY_POLICY}. */
  retry?: Partial<RetryPolicy>;
  /** Requests in flight at once across the whole client. Default 20. */
  maxConcurrentRequests?: number;
  /** Chunks of one batch operation (upsert, delete, retrieve) sent in parallel. Default 4. */
  maxWorkers?: number;
  /** Gzip request bodies of at least `gzipMinBytes` where the platform has `CompressionStream`. Default true. */
  gzip?: boolean;
  /** Smallest body worth compressing. Default 1024 bytes. */
  gzipMinBytes?: number;
  /** Receives debug (every request) and warning (every retry) messages. Default: silent. */
  logger?: Logger;
  /** A custom `fetch` (proxies, instrumentation, tests). Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Extra headers for every request. */
  headers?: Readonly<Record<string, string>>;
}

/** A validated, immutable client configuration. */
export class ClientConfig {
  readonly baseUrl: string;
  readonly project: string;
  readonly credentials: Credentials;
  readonly clientName: string;
  readonly timeoutMs: number;
  readonly retry: RetryPolicy;
  readonly maxConcurrentRequests: number;
  readonly maxWorkers: number;
  readonly gzip: boolean;
  readonly gzipMinBytes: number;
  readonly logger: Logger;
  readonly fetch: typeof fetch;
  readonly headers: Readonly<Record<string, string>>;

  constructor(options: ClientConfigOptions) {
    this.baseUrl = checkBaseUrl(options.baseUrl);
    if (
      typeof options.project !== "string" ||
      !/^[a-z0-9][a-z0-9-]*$/i.test(options.project)
    ) {
      throw new PygenValueError(
        `ClientConfig.project: expected a CDF project name (letters, digits, -), got ${
          JSON.stringify(options.project)
        }`,
      );
    }
    this.project = options.project;
    if (
      !options.credentials ||
      typeof options.credentials.authorizationHeader !== "function"
    ) {
      throw new PygenValueError(
        "ClientConfig.credentials: pass TokenCredentials, OAuthClientCredentials or another Credentials object",
      );
    }
    this.credentials = options.credentials;
    this.clientName = options.clientName ?? "pygen-sdk";
    this.timeoutMs = positive(options.timeoutMs ?? 30_000, "timeoutMs");
    const retry = { ...DEFAULT_RETRY_POLICY, ...(options.retry ?? {}) };
    for (const [key, value] of Object.entries(retry)) {
      if (typeof value !== "number" || !(value >= 0)) {
        throw new PygenValueError(
          `ClientConfig.retry.${key}: expected a number >= 0, got ${value}`,
        );
      }
    }
    this.retry = Object.freeze(retry);
    this.maxConcurrentRequests = positiveInteger(
      options.maxConcurrentRequests ?? 20,
      "maxConcurrentRequests",
    );
    this.maxWorkers = positiveInteger(options.maxWorkers ?? 4, "maxWorkers");
    this.gzip = options.gzip ?? true;
    this.gzipMinBytes = options.gzipMinBytes ?? 1024;
    this.logger = options.logger ?? silentLogger;
    this.fetch = options.fetch ??
      ((input, init) => globalThis.fetch(input, init));
    this.headers = Object.freeze({ ...(options.headers ?? {}) });
    Object.freeze(this);
  }

  /** `{baseUrl}/api/v1/projects/{project}`, the root of every request path. */
  get projectUrl(): string {
    return `${this.baseUrl}/api/v1/projects/${
      encodeURIComponent(this.project)
    }`;
  }

  /** A copy with some options replaced. */
  with(overrides: Partial<ClientConfigOptions>): ClientConfig {
    return new ClientConfig({ ...this.options(), ...overrides });
  }

  /** The options this configuration was built from (resolved). */
  options(): ClientConfigOptions {
    return {
      baseUrl: this.baseUrl,
      project: this.project,
      credentials: this.credentials,
      clientName: this.clientName,
      timeoutMs: this.timeoutMs,
      retry: this.retry,
      maxConcurrentRequests: this.maxConcurrentRequests,
      maxWorkers: this.maxWorkers,
      gzip: this.gzip,
      gzipMinBytes: this.gzipMinBytes,
      logger: this.logger,
      fetch: this.fetch,
      headers: this.headers,
    };
  }

  /**
   * A configuration from the same environment variables as the Python runtime's `ClientConfig.from_env`:
   *
   * - `CDF_URL` (or `CDF_CLUSTER`, giving `https://{cluster}.cognitedata.com`) and `CDF_PROJECT`;
   * - either `CDF_TOKEN`, or `CDF_CLIENT_ID`, `CDF_CLIENT_SECRET` and `CDF_TOKEN_URL` (or `CDF_TENANT_ID` for
   *   Microsoft Entra ID), with optional `CDF_SCOPES` (space or comma separated; default `{url}/.default`) and
   *   `CDF_AUDIENCE`;
   * - optional `CDF_CLIENT_NAME`, `CDF_TIMEOUT` (seconds), `CDF_MAX_RETRIES`, `CDF_MAX_RETRY_BACKOFF` (seconds),
   *   `CDF_MAX_CONCURRENT_REQUESTS`, `CDF_MAX_WORKERS` and `CDF_GZIP` (true/false).
   *
   * `env` defaults to the process environment (Node's `process.env`, Deno's `Deno.env`, which needs
   * `--allow-env`). `overrides` win over the environment.
   */
  static fromEnv(
    env?: Readonly<Record<string, string | undefined>>,
    overrides: Partial<ClientConfigOptions> = {},
  ): ClientConfig {
    const vars = env ?? processEnv();
    const get = (name: string): string | undefined => {
      const value = vars[name]?.trim();
      return value ? value : undefined;
    };
    const fail = (message: string) =>
      new PygenValueError(`ClientConfig.fromEnv: ${message}`);
    const url = get("CDF_URL");
    const cluster = get("CDF_CLUSTER");
    if (url && cluster) {
      throw fail("give either CDF_URL or CDF_CLUSTER, not both");
    }
    const baseUrl = overrides.baseUrl ?? url ??
      (cluster ? `https://${cluster}.cognitedata.com` : undefined);
    const project = overrides.project ?? get("CDF_PROJECT");
    const missing: string[] = [];
    if (!baseUrl) missing.push("CDF_URL (or CDF_CLUSTER)");
    if (!project) missing.push("CDF_PROJECT");
    let credentials = overrides.credentials;
    if (!credentials) {
      const token = get("CDF_TOKEN");
      const clientId = get("CDF_CLIENT_ID");
      const secret = get("CDF_CLIENT_SECRET");
      const tenant = get("CDF_TENANT_ID");
      const tokenUrl = get("CDF_TOKEN_URL") ??
        (tenant
          ? `https://login.microsoftonline.com/${tenant}/oauth2/v2.0/token`
          : undefined);
      if (token && (clientId || secret)) {
        throw fail(
          "give either CDF_TOKEN or CDF_CLIENT_ID/CDF_CLIENT_SECRET, not both",
        );
      }
      if (token) {
        credentials = new TokenCredentials(token);
      } else {
        const absent = [
          clientId ? "" : "CDF_CLIENT_ID",
          secret ? "" : "CDF_CLIENT_SECRET",
          tokenUrl ? "" : "CDF_TOKEN_URL (or CDF_TENANT_ID)",
        ].filter(Boolean);
        if (absent.length) {
          missing.push(
            `credentials: CDF_TOKEN, or the client-credentials settings (missing ${
              absent.join(", ")
            })`,
          );
        } else if (baseUrl) {
          const audience = get("CDF_AUDIENCE");
          credentials = new OAuthClientCredentials({
            tokenUrl: tokenUrl as string,
            clientId: clientId as string,
            clientSecret: secret as string,
            scopes:
              (get("CDF_SCOPES") ?? `${baseUrl.replace(/\/+$/, "")}/.default`)
                .split(/[\s,]+/).filter(Boolean),
            ...(audience ? { audience } : {}),
          });
        }
      }
    }
    if (missing.length) throw fail(`missing ${missing.join("; ")}`);
    const number = (name: string, integer: boolean): number | undefined => {
      const text = get(name);
      if (text === undefined) return undefined;
      const value = Number(text);
      if (!Number.isFinite(value) || (integer && !Number.isInteger(value))) {
        throw fail(
          `${name} must be ${integer ? "an integer" : "a number"}, got ${
            JSON.stringify(text)
          }`,
        );
      }
      return value;
    };
    const gzipText = get("CDF_GZIP")?.toLowerCase();
    if (
      gzipText !== undefined &&
      !["1", "true", "yes", "on", "0", "false", "no", "off"].includes(gzipText)
    ) {
      throw fail(
        `CDF_GZIP must be true or false, got ${
          JSON.stringify(get("CDF_GZIP"))
        }`,
      );
    }
    const timeout = number("CDF_TIMEOUT", false);
    const maxRetries = number("CDF_MAX_RETRIES", true);
    const maxBackoff = number("CDF_MAX_RETRY_BACKOFF", false);
    const concurrent = number("CDF_MAX_CONCURRENT_REQUESTS", true);
    const workers = number("CDF_MAX_WORKERS", true);
    const clientName = get("CDF_CLIENT_NAME");
    const retry: Partial<RetryPolicy> = {
      ...(maxRetries !== undefined ? { maxRetries } : {}),
      ...(maxBackoff !== undefined
        ? {
          maxBackoffMs: maxBackoff * 1000,
          maxRetryAfterMs: maxBackoff * 1000,
        }
        : {}),
    };
    return new ClientConfig({
      ...(clientName ? { clientName } : {}),
      ...(timeout !== undefined ? { timeoutMs: timeout * 1000 } : {}),
      ...(Object.keys(retry).length ? { retry } : {}),
      ...(concurrent !== undefined
        ? { maxConcurrentRequests: concurrent }
        : {}),
      ...(workers !== undefined ? { maxWorkers: workers } : {}),
      ...(gzipText !== undefined
        ? { gzip: ["1", "true", "yes", "on"].includes(gzipText) }
        : {}),
      ...overrides,
      baseUrl: baseUrl as string,
      project: project as string,
      credentials: credentials as Credentials,
    });
  }

  /** Never prints credentials (nor the logger, fetch and extra headers, which may carry secrets). */
  toJSON(): Record<string, unknown> {
    const { credentials: _c, logger: _l, fetch: _f, headers: _h, ...safe } =
      this.options();
    return safe;
  }
}

function checkBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new PygenValueError(
      `ClientConfig.baseUrl: ${JSON.stringify(value)} is not a URL`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new PygenValueError(
      `ClientConfig.baseUrl: expected an http(s) URL, got ${
        JSON.stringify(value)
      }`,
    );
  }
  if (/\/api\/v1\/projects\//.test(url.pathname)) {
    throw new PygenValueError(
      `ClientConfig.baseUrl: give the base URL without /api/v1/projects/... (the project is its own option), ` +
        `got ${JSON.stringify(value)}`,
    );
  }
  if (url.search || url.hash) {
    throw new PygenValueError(
      `ClientConfig.baseUrl: must not have a query or fragment, got ${
        JSON.stringify(value)
      }`,
    );
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
}

function positive(value: number, name: string): number {
  if (typeof value !== "number" || !(value > 0)) {
    throw new PygenValueError(
      `ClientConfig.${name}: expected a positive number, got ${value}`,
    );
  }
  return value;
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new PygenValueError(
      `ClientConfig.${name}: expected a positive integer, got ${value}`,
    );
  }
  return value;
}

function processEnv(): Readonly<Record<string, string | undefined>> {
  const g = globalThis as {
    process?: { env?: Record<string, string | undefined> };
    Deno?: { env: { toObject(): Record<string, string> } };
  };
  if (g.Deno) return g.Deno.env.toObject();
  return g.process?.env ?? {};
}
