import assert from "node:assert/strict";
import {
  AuthenticationError,
  OAuthClientCredentials,
  PygenValueError,
  TokenCredentials,
} from "./deps.ts";
import { apiError, delay, FakeFetch, json } from "./fake_fetch.ts";

function oauth(
  fake: FakeFetch,
  clock = { now: 0 },
  extra: Record<string, unknown> = {},
) {
  return new OAuthClientCredentials({
    tokenUrl: "https://idp.example.com/oauth2/token",
    clientId: "my-client",
    clientSecret: "s3cret",
    scopes: ["https://api.cognitedata.com/.default", "offline"],
    audience: "aud",
    fetch: fake.fetch,
    now: () => clock.now,
    sleep: () => Promise.resolve(),
    ...extra,
  });
}

Deno.test("the client-credentials request is a form POST with every field", async () => {
  const idp = new FakeFetch().otherwise(() =>
    json({ access_token: "abc", expires_in: 3600, token_type: "Bearer" })
  );
  const header = await oauth(idp).authorizationHeader();
  assert.equal(header, "Bearer abc");
  const [request] = idp.requests;
  assert.equal(request?.method, "POST");
  assert.equal(request?.url, "https://idp.example.com/oauth2/token");
  assert.equal(
    request?.headers.get("content-type"),
    "application/x-www-form-urlencoded",
  );
  assert.deepEqual(Object.fromEntries(new URLSearchParams(request?.text)), {
    grant_type: "client_credentials",
    client_id: "my-client",
    client_secret: "s3cret",
    scope: "https://api.cognitedata.com/.default offline",
    audience: "aud",
  });
});

Deno.test("concurrent callers share one in-flight token request", async () => {
  const idp = new FakeFetch().otherwise(async () => {
    await delay(10);
    return json({ access_token: "shared", expires_in: 3600 });
  });
  const credentials = oauth(idp);
  const headers = await Promise.all(
    Array.from({ length: 8 }, () => credentials.authorizationHeader()),
  );
  assert.deepEqual(new Set(headers), new Set(["Bearer shared"]));
  assert.equal(idp.requests.length, 1);
  assert.equal(credentials.tokenRequests, 1);
});

Deno.test("the token is reused until fewer than leeway milliseconds remain (monotonic clock)", async () => {
  let n = 0;
  const idp = new FakeFetch().otherwise(() =>
    json({ access_token: `t${++n}`, expires_in: 60 })
  );
  const clock = { now: 1_000 };
  const credentials = oauth(idp, clock, { leewayMs: 30_000 });
  assert.equal(await credentials.authorizationHeader(), "Bearer t1");
  clock.now += 29_000; // 31 s of validity left
  assert.equal(await credentials.authorizationHeader(), "Bearer t1");
  clock.now += 2_000; // 29 s left: inside the leeway
  assert.equal(await credentials.authorizationHeader(), "Bearer t2");
  assert.equal(idp.requests.length, 2);
});

Deno.test("a forced refresh after a 401 fetches once, even when many requests saw the 401", async () => {
  let n = 0;
  const idp = new FakeFetch().otherwise(async () => {
    await delay(5);
    return json({ access_token: `t${++n}`, expires_in: 3600 });
  });
  const credentials = oauth(idp);
  const stale = await credentials.authorizationHeader();
  const refreshed = await Promise.all(
    Array.from(
      { length: 5 },
      () => credentials.authorizationHeader({ refresh: true, stale }),
    ),
  );
  assert.deepEqual(new Set(refreshed), new Set(["Bearer t2"]));
  // A request that failed with the old token after the refresh gets the new one without another fetch.
  assert.equal(
    await credentials.authorizationHeader({ refresh: true, stale }),
    "Bearer t2",
  );
  assert.equal(idp.requests.length, 2);
});

Deno.test("a refused token request is an AuthenticationError with the provider's reason", async () => {
  const idp = new FakeFetch().otherwise(() =>
    json({
      error: "invalid_client",
      error_description: "AADSTS7000215: Invalid client secret",
    }, 401)
  );
  const error = await oauth(idp).authorizationHeader().catch((e) => e);
  assert.ok(error instanceof AuthenticationError);
  assert.equal(error.status, 401);
  assert.match(
    error.message,
    /my-client was refused with 401: invalid_client: AADSTS7000215/,
  );
  assert.ok(!error.message.includes("s3cret"));
  assert.equal(idp.requests.length, 1, "4xx is not retried");
});

Deno.test("token endpoint 5xx and network errors are retried, then reported", async () => {
  const flaky = new FakeFetch().enqueue(
    () => apiError(503, "busy"),
    () => {
      throw new TypeError("reset");
    },
    () => json({ access_token: "finally", expires_in: 10 }),
  );
  assert.equal(await oauth(flaky).authorizationHeader(), "Bearer finally");

  const down = new FakeFetch().otherwise(() => {
    throw new TypeError("connection refused");
  });
  const error = await oauth(down).authorizationHeader().catch((e) => e);
  assert.ok(error instanceof AuthenticationError);
  assert.match(
    error.message,
    /failed after 3 attempt\(s\): could not connect \(connection refused\)/,
  );
});

Deno.test("a failed refresh does not poison later attempts", async () => {
  const idp = new FakeFetch().enqueue(
    () => json({ error: "temporarily_unavailable" }, 400),
    () => json({ access_token: "ok", expires_in: 100 }),
  );
  const credentials = oauth(idp);
  await assert.rejects(credentials.authorizationHeader(), AuthenticationError);
  assert.equal(await credentials.authorizationHeader(), "Bearer ok");
});

Deno.test("a token response without access_token is an AuthenticationError", async () => {
  const idp = new FakeFetch().otherwise(() => json({ token_type: "Bearer" }));
  await assert.rejects(oauth(idp).authorizationHeader(), /has no access_token/);
});

Deno.test("OAuthClientCredentials checks its options and never serialises the secret", () => {
  assert.throws(
    () =>
      new OAuthClientCredentials({
        tokenUrl: "https://x",
        clientId: "",
        clientSecret: "s",
      }),
    /`clientId` is required/,
  );
  assert.throws(
    () =>
      new OAuthClientCredentials({
        tokenUrl: "not a url",
        clientId: "c",
        clientSecret: "s",
      }),
    /tokenUrl "not a url" is not a URL/,
  );
  const credentials = new OAuthClientCredentials({
    tokenUrl: "https://x/token",
    clientId: "c",
    clientSecret: "hide",
  });
  assert.ok(!JSON.stringify(credentials).includes("hide"));
});

Deno.test("TokenCredentials: fixed token, provider function and bad input", async () => {
  assert.equal(
    await new TokenCredentials("abc").authorizationHeader(),
    "Bearer abc",
  );
  assert.equal(new TokenCredentials("abc").canRefresh, false);
  let calls = 0;
  const provider = new TokenCredentials(() => Promise.resolve(`p${++calls}`));
  assert.equal(await provider.authorizationHeader(), "Bearer p1");
  assert.equal(await provider.authorizationHeader(), "Bearer p2");
  assert.equal(provider.canRefresh, true);
  assert.throws(() => new TokenCredentials(" "), PygenValueError);
  await assert.rejects(
    new TokenCredentials(() => "").authorizationHeader(),
    AuthenticationError,
  );
  assert.equal(
    JSON.stringify(new TokenCredentials("secret-token")),
    '{"type":"TokenCredentials"}',
  );
});
