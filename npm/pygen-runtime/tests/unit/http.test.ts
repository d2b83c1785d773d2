import assert from "node:assert/strict";
import {
  AuthenticationError,
  CDF_API_VERSION,
  HTTPClient,
  type Logger,
  OAuthClientCredentials,
  PygenAPIError,
  PygenConnectionError,
  PygenError,
  TokenCredentials,
  VERSION,
} from "./deps.ts";
import {
  apiError,
  delay,
  fakeConfig,
  FakeFetch,
  fakeHttp,
  hang,
  json,
  stallBody,
} from "./fake_fetch.ts";

const LIST = "/models/instances/list";

Deno.test("every retryable status is retried with jittered backoff until it succeeds", async () => {
  const fake = new FakeFetch().enqueue(
    () => apiError(408, "timeout"),
    () => apiError(429, "too many"),
    () => apiError(502, "bad gateway"),
    () => apiError(503, "unavailable"),
    () => apiError(504, "gateway timeout"),
    () => json({ items: [1] }),
  );
  const { http, sleeps } = fakeHttp(fake, {
    retry: { initialBackoffMs: 100, maxBackoffMs: 1_000 },
  });
  const body = await http.post<{ items: number[] }>(LIST, { limit: 1 });
  assert.deepEqual(body, { items: [1] });
  assert.equal(fake.requests.length, 6);
  // random() is 0.5: half of min(1000, 100 * 2^n)
  assert.deepEqual(sleeps, [50, 100, 200, 400, 500]);
});

Deno.test("Retry-After in seconds is honoured exactly", async () => {
  const fake = new FakeFetch().enqueue(
    () => apiError(429, "slow down", {}, { "retry-after": "2" }),
    () => json({ ok: true }),
  );
  const { http, sleeps } = fakeHttp(fake);
  await http.post(LIST, {});
  assert.deepEqual(sleeps, [2_000]);
});

Deno.test("Retry-After as an HTTP-date is honoured relative to now", async () => {
  const now = Date.parse("2025-01-01T00:00:00Z");
  const fake = new FakeFetch().enqueue(
    () =>
      apiError(503, "maintenance", {}, {
        "retry-after": "Wed, 01 Jan 2025 00:00:05 GMT",
      }),
    () => json({ ok: true }),
  );
  const { http, sleeps } = fakeHttp(fake, {}, () => now);
  await http.post(LIST, {});
  assert.deepEqual(sleeps, [5_000]);
});

Deno.test("a huge Retry-After is capped by the policy", async () => {
  const fake = new FakeFetch().enqueue(
    () => apiError(429, "later", {}, { "retry-after": "3600" }),
    () => json({}),
  );
  const { http, sleeps } = fakeHttp(fake, {
    retry: { maxRetryAfterMs: 7_000 },
  });
  await http.post(LIST, {});
  assert.deepEqual(sleeps, [7_000]);
});

Deno.test("CDF's auto-retryable flag makes a 500 retryable; a plain 500 is not retried", async () => {
  const flagged = new FakeFetch().enqueue(
    () => apiError(500, "oops", {}, { "cdf-is-auto-retryable": "true" }),
    () => apiError(500, "oops", { isAutoRetryable: true }),
    () => json({ done: 1 }),
  );
  assert.deepEqual(await fakeHttp(flagged).http.post(LIST, {}), { done: 1 });
  assert.equal(flagged.requests.length, 3);

  const plain = new FakeFetch().enqueue(() => apiError(500, "internal"));
  await assert.rejects(
    fakeHttp(plain).http.post(LIST, {}),
    (error: unknown) => {
      assert.ok(error instanceof PygenAPIError);
      assert.equal(error.status, 500);
      assert.equal(error.isAutoRetryable, false);
      return true;
    },
  );
  assert.equal(plain.requests.length, 1);
});

Deno.test("a 400 is not retried and becomes a PygenAPIError with every detail", async () => {
  const fake = new FakeFetch().enqueue(() =>
    apiError(
      400,
      "Unknown property prise",
      {
        missing: [{ space: "s", externalId: "a" }],
        duplicated: [{ space: "s", externalId: "b" }],
        hint: "x",
      },
      { "x-request-id": "req-123" },
    )
  );
  const { http, sleeps } = fakeHttp(fake);
  const error = await http.post(LIST, {}).catch((e) => e);
  assert.ok(error instanceof PygenAPIError);
  assert.ok(error instanceof PygenError);
  assert.equal(error.status, 400);
  assert.equal(error.code, 400);
  assert.equal(error.apiMessage, "Unknown property prise");
  assert.deepEqual(error.missing, [{ space: "s", externalId: "a" }]);
  assert.deepEqual(error.duplicated, [{ space: "s", externalId: "b" }]);
  assert.equal(error.requestId, "req-123");
  assert.equal(error.request, "POST /models/instances/list");
  assert.deepEqual(error.extra, { hint: "x" });
  assert.match(
    error.message,
    /POST \/models\/instances\/list failed with 400: Unknown property prise/,
  );
  assert.match(error.message, /request id: req-123/);
  assert.deepEqual(sleeps, []);
});

Deno.test("an error body that is not the DMS format keeps the raw text", async () => {
  const fake = new FakeFetch().enqueue(() =>
    new Response("<html>Bad Gateway</html>", { status: 418 })
  );
  const error = await fakeHttp(fake).http.post(LIST, {}).catch((e) => e);
  assert.ok(error instanceof PygenAPIError);
  assert.equal(error.status, 418);
  assert.equal(error.apiMessage, "<html>Bad Gateway</html>");
});

Deno.test("when retries run out, the last error is thrown after maxRetries + 1 attempts", async () => {
  const fake = new FakeFetch().otherwise(() => apiError(503, "still down"));
  const { http, sleeps } = fakeHttp(fake, { retry: { maxRetries: 3 } });
  const error = await http.post(LIST, {}).catch((e) => e);
  assert.ok(error instanceof PygenAPIError);
  assert.equal(error.status, 503);
  assert.equal(fake.requests.length, 4);
  assert.equal(sleeps.length, 3);
});

Deno.test("network errors are retried, then reported as PygenConnectionError", async () => {
  const recovered = new FakeFetch().enqueue(
    () => {
      throw new TypeError("connection reset");
    },
    () => json({ fine: true }),
  );
  assert.deepEqual(await fakeHttp(recovered).http.post(LIST, {}), {
    fine: true,
  });

  const down = new FakeFetch().otherwise(() => {
    throw new TypeError("connection refused");
  });
  const error = await fakeHttp(down, { retry: { maxRetries: 2 } }).http.post(
    LIST,
    {},
  ).catch((e) => e);
  assert.ok(error instanceof PygenConnectionError);
  assert.equal(error.timedOut, false);
  assert.equal(error.attempts, 3);
  assert.match(error.message, /could not connect \(connection refused\)/);
});

Deno.test("a request that gets no answer times out and is retried", async () => {
  const fake = new FakeFetch().enqueue(hang, () => json({ late: false }));
  const { http } = fakeHttp(fake, { timeoutMs: 30 });
  assert.deepEqual(await http.post(LIST, {}), { late: false });
  assert.equal(fake.requests.length, 2);
  assert.ok(fake.requests[0]?.signal?.aborted, "the hung attempt was aborted");
});

Deno.test("the timeout covers reading the body, not just the headers", async () => {
  const fake = new FakeFetch().otherwise(stallBody);
  const started = performance.now();
  const error = await fakeHttp(fake, {
    timeoutMs: 40,
    retry: { maxRetries: 1 },
  }).http.post(LIST, {}).catch((e) => e);
  assert.ok(error instanceof PygenConnectionError, String(error));
  assert.equal(error.timedOut, true);
  assert.equal(error.attempts, 2);
  assert.match(error.message, /timed out after 40 ms/);
  assert.ok(performance.now() - started < 2_000);
});

Deno.test("the caller's abort signal cancels the request without retrying", async () => {
  const fake = new FakeFetch().otherwise(hang);
  const { http } = fakeHttp(fake, { timeoutMs: 10_000 });
  const controller = new AbortController();
  const pending = http.post(LIST, {}, { signal: controller.signal });
  await delay(5);
  controller.abort(new Error("user gave up"));
  await assert.rejects(pending, /user gave up/);
  assert.equal(fake.requests.length, 1);
});

Deno.test("401 refreshes the OAuth token once and retries with the new one", async () => {
  let issued = 0;
  const idp = new FakeFetch().otherwise(() =>
    json({ access_token: `tok-${++issued}`, expires_in: 3600 })
  );
  const credentials = new OAuthClientCredentials({
    tokenUrl: "https://idp.example.com/token",
    clientId: "id",
    clientSecret: "secret",
    fetch: idp.fetch,
  });
  const fake = new FakeFetch().enqueue(
    () => apiError(401, "expired"),
    () => json({ ok: 1 }),
  );
  const { http } = fakeHttp(fake, { credentials });
  assert.deepEqual(await http.post(LIST, {}), { ok: 1 });
  assert.deepEqual(fake.requests.map((r) => r.headers.get("authorization")), [
    "Bearer tok-1",
    "Bearer tok-2",
  ]);
  assert.equal(credentials.tokenRequests, 2);
});

Deno.test("401 after a refresh is an AuthenticationError", async () => {
  let issued = 0;
  const idp = new FakeFetch().otherwise(() =>
    json({ access_token: `tok-${++issued}`, expires_in: 3600 })
  );
  const credentials = new OAuthClientCredentials({
    tokenUrl: "https://idp.example.com/token",
    clientId: "id",
    clientSecret: "secret",
    fetch: idp.fetch,
  });
  const fake = new FakeFetch().otherwise(() =>
    apiError(401, "no access to project", {}, { "x-request-id": "r-9" })
  );
  const error = await fakeHttp(fake, { credentials }).http.post(LIST, {}).catch(
    (e) => e,
  );
  assert.ok(error instanceof AuthenticationError);
  assert.equal(error.status, 401);
  assert.equal(error.requestId, "r-9");
  assert.match(error.message, /no access to project.*even after refreshing/);
  assert.equal(fake.requests.length, 2);
});

Deno.test("a fixed token is not retried on 401", async () => {
  const fake = new FakeFetch().otherwise(() => apiError(401, "bad token"));
  const error = await fakeHttp(fake).http.post(LIST, {}).catch((e) => e);
  assert.ok(error instanceof AuthenticationError);
  assert.equal(fake.requests.length, 1);
});

Deno.test("a token provider is asked again after a 401", async () => {
  const tokens = ["old", "new"];
  const fake = new FakeFetch().enqueue(
    () => apiError(401, "expired"),
    () => json({}),
  );
  const { http } = fakeHttp(fake, {
    credentials: new TokenCredentials(() => tokens.shift() ?? "none"),
  });
  await http.post(LIST, {});
  assert.deepEqual(fake.requests.map((r) => r.headers.get("authorization")), [
    "Bearer old",
    "Bearer new",
  ]);
});

Deno.test("requests carry the CDF headers, the app name and the project URL", async () => {
  const fake = new FakeFetch().otherwise(() => json({ items: [] }));
  const { http } = fakeHttp(fake, {
    clientName: "my-app",
    headers: { "x-extra": "1" },
  });
  await http.post(LIST, { limit: 5 });
  await http.get("/models/spaces", {
    query: { limit: 10, cursor: undefined, includeGlobal: true },
  });
  const [post, get] = fake.requests;
  assert.equal(
    post?.url,
    "https://example.cognitedata.com/api/v1/projects/my-project/models/instances/list",
  );
  assert.equal(post?.method, "POST");
  assert.equal(post?.headers.get("authorization"), "Bearer test-token");
  assert.equal(post?.headers.get("cdf-version"), CDF_API_VERSION);
  assert.equal(post?.headers.get("x-cdp-app"), "my-app");
  assert.equal(post?.headers.get("x-cdp-sdk"), `CognitePygenTS:${VERSION}`);
  assert.equal(post?.headers.get("content-type"), "application/json");
  assert.equal(post?.headers.get("x-extra"), "1");
  assert.equal(post?.text, '{"limit":5}');
  assert.equal(
    get?.url,
    "https://example.cognitedata.com/api/v1/projects/my-project/models/spaces?limit=10&includeGlobal=true",
  );
  assert.equal(get?.method, "GET");
  assert.equal(get?.text, undefined);
  assert.equal(get?.headers.get("content-type"), null);
});

Deno.test("large bodies are gzipped, small ones are not, and gzip can be turned off", async () => {
  const big = {
    items: Array.from({ length: 200 }, (_, i) => ({ externalId: `item-${i}` })),
  };
  const fake = new FakeFetch().otherwise(() => json({}));
  await fakeHttp(fake).http.post(LIST, big);
  await fakeHttp(fake).http.post(LIST, { limit: 1 });
  await fakeHttp(fake, { gzip: false }).http.post(LIST, big);
  const [gzipped, small, plain] = fake.requests;
  assert.equal(gzipped?.gzipped, true);
  assert.equal(gzipped?.headers.get("content-encoding"), "gzip");
  assert.deepEqual(gzipped?.json(), big);
  assert.equal(small?.gzipped, false);
  assert.equal(plain?.gzipped, false);
  assert.deepEqual(plain?.json(), big);
});

Deno.test("the concurrency cap holds across the whole client", async () => {
  const fake = new FakeFetch().otherwise(async () => {
    await delay(10);
    return json({});
  });
  const { http } = fakeHttp(fake, { maxConcurrentRequests: 2 });
  await Promise.all(Array.from({ length: 7 }, () => http.post(LIST, {})));
  assert.equal(fake.requests.length, 7);
  assert.equal(fake.maxInFlight, 2);
});

Deno.test("debug logs redact the authorization header; retries are logged as warnings", async () => {
  const debug: unknown[] = [];
  const warn: string[] = [];
  const logger: Logger = {
    debug: (_message, context) => debug.push(context),
    warn: (message) => warn.push(message),
  };
  const fake = new FakeFetch().enqueue(
    () => apiError(503, "busy"),
    () => json({}),
  );
  await fakeHttp(fake, { logger }).http.post(LIST, {});
  const text = JSON.stringify(debug);
  assert.ok(!text.includes("test-token"), text);
  assert.match(text, /"authorization":"\*\*\*"/);
  assert.equal(warn.length, 1);
  assert.match(warn[0] ?? "", /503; retry 1\/10/);
});

Deno.test("a success body that is not JSON is a PygenError naming the request", async () => {
  const fake = new FakeFetch().otherwise(() =>
    new Response("not json", { status: 200 })
  );
  await assert.rejects(fakeHttp(fake).http.post(LIST, {}), (error: unknown) => {
    assert.ok(error instanceof PygenError);
    assert.match(
      (error as Error).message,
      /POST \/models\/instances\/list: the response is not valid JSON/,
    );
    return true;
  });
});

Deno.test("an HTTPClient built from a config uses the real timers", async () => {
  const fake = new FakeFetch().enqueue(
    () => apiError(429, "wait", {}, { "retry-after": "0.01" }),
    () => json({ a: 1 }),
  );
  const http = new HTTPClient(fakeConfig(fake));
  assert.deepEqual(await http.post(LIST, {}), { a: 1 });
});
