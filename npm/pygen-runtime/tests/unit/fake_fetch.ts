/**
 * A scriptable stand-in for `fetch`, for what a real server cannot easily do on demand: exact retry sequences,
 * stalls, dropped connections, and exact request bodies. Behaviour against a real server is tested in
 * `tests/e2e/` against the pygen emulator.
 */

import {
  ClientConfig,
  type ClientConfigOptions,
  gunzip,
  HTTPClient,
  TokenCredentials,
} from "./deps.ts";

/** A request the fake received, with its body already decompressed and decoded. */
export interface Captured {
  readonly url: string;
  readonly path: string;
  readonly method: string;
  readonly headers: Headers;
  readonly text: string | undefined;
  readonly gzipped: boolean;
  readonly signal: AbortSignal | undefined;
  json(): unknown;
}

/** Decides the answer to one request: a Response, or throw to simulate a network failure. */
export type Responder = (request: Captured) => Response | Promise<Response>;

export class FakeFetch {
  readonly requests: Captured[] = [];
  readonly #queue: Responder[] = [];
  #fallback: Responder | undefined;
  inFlight = 0;
  maxInFlight = 0;

  /** Answers the next requests with these, in order. */
  enqueue(...responders: Responder[]): this {
    this.#queue.push(...responders);
    return this;
  }

  /** Answers every request not covered by the queue. */
  otherwise(responder: Responder): this {
    this.#fallback = responder;
    return this;
  }

  readonly fetch: typeof fetch = async (input, init) => {
    const url = typeof input === "string"
      ? input
      : input instanceof URL
      ? input.href
      : input.url;
    const headers = new Headers(init?.headers);
    let text: string | undefined;
    const gzipped = headers.get("content-encoding") === "gzip";
    if (init?.body !== undefined && init.body !== null) {
      const bytes = init.body instanceof Uint8Array
        ? init.body
        : new TextEncoder().encode(String(init.body));
      text = new TextDecoder().decode(gzipped ? await gunzip(bytes) : bytes);
    }
    const captured: Captured = {
      url,
      path: new URL(url).pathname.replace(/^\/api\/v1\/projects\/[^/]+/, ""),
      method: init?.method ?? "GET",
      headers,
      text,
      gzipped,
      signal: init?.signal ?? undefined,
      json: () => JSON.parse(text ?? "null"),
    };
    this.requests.push(captured);
    const responder = this.#queue.shift() ?? this.#fallback;
    if (!responder) {
      throw new Error(
        `FakeFetch: no answer scripted for ${captured.method} ${url}`,
      );
    }
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      return await responder(captured);
    } finally {
      this.inFlight--;
    }
  };

  /** Requests to one path. */
  to(path: string): Captured[] {
    return this.requests.filter((r) => r.path === path);
  }
}

/** A JSON response. */
export function json(
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

/** A DMS error response. */
export function apiError(
  status: number,
  message: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  return json({ error: { code: status, message, ...extra } }, status, headers);
}

/** Never answers until the request is aborted, then fails like fetch does. */
export function hang(request: Captured): Promise<Response> {
  return new Promise((_resolve, reject) => {
    const signal = request.signal;
    if (!signal) return;
    signal.addEventListener("abort", () => reject(signal.reason), {
      once: true,
    });
  });
}

/** Sends headers at once, then stalls the body until the request is aborted. */
export function stallBody(request: Captured): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"items": ['));
      request.signal?.addEventListener(
        "abort",
        () => controller.error(request.signal?.reason),
        { once: true },
      );
    },
  });
  return new Response(body, {
    status: 200,
    headers: { "content-type": "application/json" },
  });
}

/** Resolves after `ms` real milliseconds. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A config against the fake, with a fixed token and no real waiting. */
export function fakeConfig(
  fake: FakeFetch,
  overrides: Partial<ClientConfigOptions> = {},
): ClientConfig {
  return new ClientConfig({
    baseUrl: "https://example.cognitedata.com",
    project: "my-project",
    credentials: new TokenCredentials("test-token"),
    fetch: fake.fetch,
    ...overrides,
  });
}

/** An HTTP client against the fake that records every wait instead of sleeping. */
export function fakeHttp(
  fake: FakeFetch,
  overrides: Partial<ClientConfigOptions> = {},
  now = () => Date.parse("2025-01-01T00:00:00Z"),
): { http: HTTPClient; sleeps: number[] } {
  const sleeps: number[] = [];
  const http = new HTTPClient(fakeConfig(fake, overrides), {
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    random: () => 0.5,
    now,
  });
  return { http, sleeps };
}
