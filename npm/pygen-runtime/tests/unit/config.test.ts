import assert from "node:assert/strict";
import {
  ClientConfig,
  DEFAULT_RETRY_POLICY,
  OAuthClientCredentials,
  PygenValueError,
  TokenCredentials,
} from "./deps.ts";

const credentials = new TokenCredentials("t");

Deno.test("defaults and the project URL", () => {
  const config = new ClientConfig({
    baseUrl: "https://westeurope-1.cognitedata.com/",
    project: "acme",
    credentials,
  });
  assert.equal(config.baseUrl, "https://westeurope-1.cognitedata.com");
  assert.equal(
    config.projectUrl,
    "https://westeurope-1.cognitedata.com/api/v1/projects/acme",
  );
  assert.equal(config.clientName, "pygen-sdk");
  assert.equal(config.timeoutMs, 30_000);
  assert.deepEqual(config.retry, DEFAULT_RETRY_POLICY);
  assert.equal(config.maxConcurrentRequests, 20);
  assert.equal(config.maxWorkers, 4);
  assert.equal(config.gzip, true);
  assert.ok(Object.isFrozen(config));
});

Deno.test("a base URL with a path prefix (a proxy) is kept; a local emulator over http works", () => {
  assert.equal(
    new ClientConfig({
      baseUrl: "https://proxy.example.com/cdf/",
      project: "p",
      credentials,
    }).projectUrl,
    "https://proxy.example.com/cdf/api/v1/projects/p",
  );
  assert.equal(
    new ClientConfig({
      baseUrl: "http://127.0.0.1:8123",
      project: "p",
      credentials,
    }).projectUrl,
    "http://127.0.0.1:8123/api/v1/projects/p",
  );
});

Deno.test("bad options are rejected with the option's name", () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [
      { baseUrl: "westeurope-1.cognitedata.com" },
      /baseUrl: "westeurope-1.cognitedata.com" is not a URL/,
    ],
    [{ baseUrl: "ftp://x.com" }, /expected an http\(s\) URL/],
    [
      { baseUrl: "https://x.com/api/v1/projects/p" },
      /without \/api\/v1\/projects/,
    ],
    [{ project: "" }, /ClientConfig.project/],
    [{ project: "my project" }, /ClientConfig.project/],
    [{ credentials: "token" }, /ClientConfig.credentials/],
    [{ timeoutMs: 0 }, /ClientConfig.timeoutMs/],
    [{ maxWorkers: 1.5 }, /ClientConfig.maxWorkers/],
    [{ maxConcurrentRequests: 0 }, /ClientConfig.maxConcurrentRequests/],
    [{ retry: { maxRetries: -1 } }, /ClientConfig.retry.maxRetries/],
  ];
  for (const [override, message] of cases) {
    assert.throws(
      () =>
        new ClientConfig(
          {
            baseUrl: "https://x.com",
            project: "p",
            credentials,
            ...override,
          } as never,
        ),
      (error: unknown) =>
        error instanceof PygenValueError && message.test(error.message),
      JSON.stringify(override),
    );
  }
});

Deno.test("with() makes a changed copy; toJSON never includes credentials", () => {
  const config = new ClientConfig({
    baseUrl: "https://x.com",
    project: "p",
    credentials,
    retry: { maxRetries: 2 },
  });
  const changed = config.with({ timeoutMs: 5, retry: { maxRetries: 0 } });
  assert.equal(changed.timeoutMs, 5);
  assert.equal(changed.retry.maxRetries, 0);
  assert.equal(config.timeoutMs, 30_000);
  assert.ok(!JSON.stringify(config).includes("credentials"));
});

Deno.test("fromEnv with a token", async () => {
  const config = ClientConfig.fromEnv({
    CDF_URL: "https://api.cognitedata.com",
    CDF_PROJECT: "acme",
    CDF_TOKEN: "tok",
    CDF_CLIENT_NAME: "etl",
    CDF_TIMEOUT: "1.5",
    CDF_MAX_RETRIES: "3",
    CDF_MAX_RETRY_BACKOFF: "5",
    CDF_MAX_CONCURRENT_REQUESTS: "7",
    CDF_MAX_WORKERS: "2",
    CDF_GZIP: "false",
  });
  assert.equal(
    config.projectUrl,
    "https://api.cognitedata.com/api/v1/projects/acme",
  );
  assert.equal(config.clientName, "etl");
  assert.equal(config.timeoutMs, 1500);
  assert.equal(config.retry.maxRetries, 3);
  assert.equal(config.retry.maxBackoffMs, 5000);
  assert.equal(config.retry.maxRetryAfterMs, 5000);
  assert.equal(config.maxConcurrentRequests, 7);
  assert.equal(config.maxWorkers, 2);
  assert.equal(config.gzip, false);
  assert.equal(await config.credentials.authorizationHeader(), "Bearer tok");
});

Deno.test("fromEnv with client credentials and a cluster", () => {
  const config = ClientConfig.fromEnv({
    CDF_CLUSTER: "westeurope-1",
    CDF_PROJECT: "acme",
    CDF_CLIENT_ID: "cid",
    CDF_CLIENT_SECRET: "sec",
    CDF_TENANT_ID: "tenant-1",
  });
  assert.equal(config.baseUrl, "https://westeurope-1.cognitedata.com");
  assert.ok(config.credentials instanceof OAuthClientCredentials);
  const oauth = config.credentials as OAuthClientCredentials;
  assert.equal(
    oauth.tokenUrl,
    "https://login.microsoftonline.com/tenant-1/oauth2/v2.0/token",
  );
  assert.equal(oauth.clientId, "cid");
});

Deno.test("fromEnv names every missing variable and rejects contradictions and bad numbers", () => {
  const rejects = (env: Record<string, string>, message: RegExp) =>
    assert.throws(
      () => ClientConfig.fromEnv(env),
      (error: unknown) =>
        error instanceof PygenValueError && message.test(error.message),
      JSON.stringify(env),
    );
  rejects(
    { CDF_CLIENT_ID: "cid" },
    /missing CDF_URL \(or CDF_CLUSTER\); CDF_PROJECT; credentials: .*missing CDF_CLIENT_SECRET, CDF_TOKEN_URL/,
  );
  const base = { CDF_URL: "https://a.com", CDF_PROJECT: "p" };
  rejects(
    { ...base, CDF_CLUSTER: "x", CDF_TOKEN: "t" },
    /either CDF_URL or CDF_CLUSTER, not both/,
  );
  rejects(
    { ...base, CDF_TOKEN: "t", CDF_CLIENT_ID: "c" },
    /either CDF_TOKEN or CDF_CLIENT_ID/,
  );
  rejects(
    { ...base, CDF_TOKEN: "t", CDF_MAX_WORKERS: "two" },
    /CDF_MAX_WORKERS must be an integer, got "two"/,
  );
  rejects(
    { ...base, CDF_TOKEN: "t", CDF_GZIP: "maybe" },
    /CDF_GZIP must be true or false/,
  );
});

Deno.test("fromEnv: overrides win over the environment", () => {
  const config = ClientConfig.fromEnv({
    CDF_URL: "https://a.com",
    CDF_PROJECT: "a",
    CDF_TOKEN: "t",
  }, {
    project: "b",
    maxWorkers: 1,
  });
  assert.equal(config.project, "b");
  assert.equal(config.maxWorkers, 1);
});
