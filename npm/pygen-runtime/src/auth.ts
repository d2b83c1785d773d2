/**
 * Credentials: where the `Authorization` header comes from. A fixed or user-supplied token
 * ({@link TokenCredentials}), or the OAuth 2.0 client-credentials flow ({@link OAuthClientCredentials}) with
 * refresh before expiry, one refresh at a time however many requests need it, and a forced refresh after a 401.
 *
 * @module
 */

import { AuthenticationError, PygenValueError } from "./errors.ts";
import { backoffDelayMs } from "./retry.ts";

/** What the HTTP client asks for before every request. */
export interface Credentials {
  /**
   * The value of the `Authorization` header. With `refresh: true` (after a 401) a new token is fetched, unless
   * the header the failed request used (`stale`) has already been replaced by a concurrent refresh.
   */
  authorizationHeader(
    options?: { refresh?: boolean; stale?: string },
  ): Promise<string>;
  /** Whether asking again after a 401 can help (false for a fixed token). */
  readonly canRefresh: boolean;
}

/** Something that returns a bearer token (called before every request, and again after a 401). */
export type TokenProvider = () => string | Promise<string>;

/** A fixed bearer token, or a function returning one (the caller then owns caching and refreshing). */
export class TokenCredentials implements Credentials {
  readonly #token: string | TokenProvider;
  readonly canRefresh: boolean;

  constructor(token: string | TokenProvider) {
    if (typeof token === "string" && token.trim() === "") {
      throw new PygenValueError("TokenCredentials: the token is empty");
    }
    if (typeof token !== "string" && typeof token !== "function") {
      throw new PygenValueError(
        "TokenCredentials: pass a token string or a function returning one",
      );
    }
    this.#token = token;
    this.canRefresh = typeof token === "function";
  }

  async authorizationHeader(): Promise<string> {
    const token = typeof this.#token === "string"
      ? this.#token
      : await this.#token();
    if (typeof token !== "string" || token === "") {
      throw new AuthenticationError(
        "TokenCredentials: the token provider returned no token",
      );
    }
    return `Bearer ${token}`;
  }

  /** Never prints the token. */
  toJSON(): Record<string, string> {
    return { type: "TokenCredentials" };
  }
}

/** Settings of the client-credentials flow. */
export interface OAuthClientCredentialsOptions {
  /** The identity provider's token endpoint. */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Scopes, space-separated or as a list, e.g. `https://{cluster}.cognitedata.com/.default`. */
  scopes?: string | readonly string[];
  /** Sent as `audience` when given (some identity providers need it). */
  audience?: string;
  /** Any further form fields the identity provider wants. */
  extraParams?: Readonly<Record<string, string>>;
  /** Refresh when fewer than this many milliseconds of validity remain. Default 30 000. */
  leewayMs?: number;
  /** Timeout of one token request, including reading the body. Default 30 000. */
  timeoutMs?: number;
  /** Attempts on network errors, 429 and 5xx from the token endpoint. Default 3. */
  maxAttempts?: number;
  /** A custom `fetch` (proxies, tests). */
  fetch?: typeof fetch;
  /** A monotonic clock in milliseconds (tests). Default `performance.now`. */
  now?: () => number;
  /** Waits between attempts (tests). */
  sleep?: (ms: number) => Promise<void>;
}

interface HeldToken {
  readonly header: string;
  /** Monotonic time at which the token stops being valid. */
  readonly expiresAt: number;
}

/** The OAuth 2.0 client-credentials flow (form POST to the token URL). */
export class OAuthClientCredentials implements Credentials {
  readonly canRefresh = true;
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly #clientSecret: string;
  readonly #form: Record<string, string>;
  readonly #leewayMs: number;
  readonly #timeoutMs: number;
  readonly #maxAttempts: number;
  readonly #fetch: typeof fetch;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  #token: HeldToken | undefined;
  #inflight: Promise<HeldToken> | undefined;
  #fetches = 0;

  constructor(options: OAuthClientCredentialsOptions) {
    for (const key of ["tokenUrl", "clientId", "clientSecret"] as const) {
      if (typeof options[key] !== "string" || options[key].trim() === "") {
        throw new PygenValueError(
          `OAuthClientCredentials: \`${key}\` is required and must be a non-empty string`,
        );
      }
    }
    try {
      new URL(options.tokenUrl);
    } catch {
      throw new PygenValueError(
        `OAuthClientCredentials: tokenUrl ${
          JSON.stringify(options.tokenUrl)
        } is not a URL`,
      );
    }
    this.tokenUrl = options.tokenUrl;
    this.clientId = options.clientId;
    this.#clientSecret = options.clientSecret;
    const scopes = typeof options.scopes === "string"
      ? options.scopes
      : (options.scopes ?? []).join(" ");
    this.#form = { ...(options.extraParams ?? {}) };
    if (scopes.trim() !== "") this.#form.scope = scopes.trim();
    if (options.audience) this.#form.audience = options.audience;
    this.#leewayMs = options.leewayMs ?? 30_000;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#maxAttempts = Math.max(1, options.maxAttempts ?? 3);
    this.#fetch = options.fetch ??
      ((input, init) => globalThis.fetch(input, init));
    this.#now = options.now ?? (() => performance.now());
    this.#sleep = options.sleep ??
      ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** How many token requests were sent so far (each refresh counts once, however many callers waited on it). */
  get tokenRequests(): number {
    return this.#fetches;
  }

  async authorizationHeader(
    options: { refresh?: boolean; stale?: string } = {},
  ): Promise<string> {
    const held = this.#token;
    const fresh = held !== undefined &&
      this.#now() < held.expiresAt - this.#leewayMs;
    if (fresh && !options.refresh) return held.header;
    // After a 401: if another request already replaced the token the failed one used, use the new token.
    if (
      fresh && options.refresh && options.stale !== undefined &&
      options.stale !== held.header
    ) return held.header;
    return (await this.#refresh()).header;
  }

  #refresh(): Promise<HeldToken> {
    this.#inflight ??= this.#fetchToken().then(
      (token) => {
        this.#token = token;
        this.#inflight = undefined;
        return token;
      },
      (error: unknown) => {
        this.#inflight = undefined;
        throw error;
      },
    );
    return this.#inflight;
  }

  async #fetchToken(): Promise<HeldToken> {
    this.#fetches++;
    const body = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: this.clientId,
      client_secret: this.#clientSecret,
      ...this.#form,
    });
    let lastProblem = "";
    for (let attempt = 0; attempt < this.#maxAttempts; attempt++) {
      if (attempt > 0) {
        await this.#sleep(
          backoffDelayMs(attempt - 1, {
            initialBackoffMs: 500,
            maxBackoffMs: 5_000,
          }),
        );
      }
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), this.#timeoutMs);
      let status: number;
      let text: string;
      const started = this.#now();
      try {
        const response = await this.#fetch(this.tokenUrl, {
          method: "POST",
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            accept: "application/json",
          },
          body: body.toString(),
          signal: controller.signal,
        });
        status = response.status;
        text = await response.text();
      } catch (error) {
        lastProblem = controller.signal.aborted
          ? `timed out after ${this.#timeoutMs} ms`
          : `could not connect (${
            error instanceof Error ? error.message : String(error)
          })`;
        continue;
      } finally {
        clearTimeout(timer);
      }
      if (status === 429 || status >= 500) {
        lastProblem = `answered ${status}: ${text.slice(0, 200)}`;
        continue;
      }
      return this.#readToken(status, text, started);
    }
    throw new AuthenticationError(
      `token request to ${this.tokenUrl} failed after ${this.#maxAttempts} attempt(s): ${lastProblem}`,
    );
  }

  #readToken(status: number, text: string, requestedAt: number): HeldToken {
    let payload: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === "object" && parsed !== null) {
        payload = parsed as Record<string, unknown>;
      }
    } catch {
      // Not JSON: reported below with the status.
    }
    if (status < 200 || status >= 300) {
      const reason = [payload.error, payload.error_description].filter((p) =>
        typeof p === "string"
      ).join(": ");
      throw new AuthenticationError(
        `token request to ${this.tokenUrl} for client ${this.clientId} was refused with ${status}: ` +
          (reason || text.slice(0, 200) || "(empty body)"),
        { status },
      );
    }
    const token = payload.access_token;
    if (typeof token !== "string" || token === "") {
      throw new AuthenticationError(
        `token response from ${this.tokenUrl} has no access_token`,
        { status },
      );
    }
    const expiresIn = Number(payload.expires_in);
    // Counted from when the request was sent, so a slow token endpoint never makes us hold an expired token.
    const expiresAt = Number.isFinite(expiresIn) && expiresIn > 0
      ? requestedAt + expiresIn * 1000
      : Infinity;
    return { header: `Bearer ${token}`, expiresAt };
  }

  /** Never prints the secret. */
  toJSON(): Record<string, string> {
    return {
      type: "OAuthClientCredentials",
      tokenUrl: this.tokenUrl,
      clientId: this.clientId,
    };
  }
}
