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
  assert.equal(config.maxConcurrentRequests, 10);
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
    CDF_TIMEOUT_MS: "1500",
  });
  assert.equal(
    config.projectUrl,
    "https://api.cognitedata.com/api/v1/projects/acme",
  );
  assert.equal(config.clientName, "etl");
  assert.equal(config.timeoutMs, 1500);
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

Deno.test("fromEnv names every missing variable", () => {
  assert.throws(
    () => ClientConfig.fromEnv({ CDF_CLIENT_ID: "cid" }),
    (error: unknown) =>
      error instanceof PygenValueError &&
      /CDF_URL \(or CDF_CLUSTER\)/.test(error.message) &&
      /CDF_PROJECT/.test(error.message) &&
      /CDF_CLIENT_SECRET/.test(error.message) &&
      /CDF_TOKEN_URL/.test(error.message),
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
