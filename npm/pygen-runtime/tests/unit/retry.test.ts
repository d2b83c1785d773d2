import assert from "node:assert/strict";
import {
  backoffDelayMs,
  DEFAULT_RETRY_POLICY,
  isAutoRetryable,
  isRetryableStatus,
  parseRetryAfter,
  retryDelayMs,
} from "./deps.ts";

const policy = {
  ...DEFAULT_RETRY_POLICY,
  initialBackoffMs: 500,
  maxBackoffMs: 8_000,
  maxRetryAfterMs: 20_000,
};

Deno.test("full-jitter backoff draws below a ceiling that doubles per retry and is capped", () => {
  assert.equal(backoffDelayMs(0, policy, () => 0.999999), 499);
  assert.equal(backoffDelayMs(1, policy, () => 0.5), 500);
  assert.equal(backoffDelayMs(3, policy, () => 0.5), 2_000);
  assert.equal(backoffDelayMs(10, policy, () => 0.5), 4_000); // capped at 8 000, then jittered
  assert.equal(backoffDelayMs(5, policy, () => 0), 0);
});

Deno.test("full-jitter backoff with the real random stays within [0, ceiling)", () => {
  for (let retry = 0; retry < 12; retry++) {
    const ceiling = Math.min(
      policy.maxBackoffMs,
      policy.initialBackoffMs * 2 ** retry,
    );
    for (let i = 0; i < 50; i++) {
      const delay = backoffDelayMs(retry, policy);
      assert.ok(
        delay >= 0 && delay < ceiling,
        `retry ${retry}: ${delay} not in [0, ${ceiling})`,
      );
    }
  }
});

Deno.test("Retry-After in seconds, fractional seconds and HTTP-date", () => {
  const now = Date.parse("2025-01-01T00:00:00Z");
  assert.equal(parseRetryAfter("3", now), 3_000);
  assert.equal(parseRetryAfter(" 0.25 ", now), 250);
  assert.equal(parseRetryAfter("0", now), 0);
  assert.equal(parseRetryAfter("Wed, 01 Jan 2025 00:00:07 GMT", now), 7_000);
  assert.equal(
    parseRetryAfter("Tue, 31 Dec 2024 23:59:00 GMT", now),
    0,
    "a date in the past means now",
  );
});

Deno.test("an absent or unreadable Retry-After is ignored", () => {
  const now = Date.now();
  for (const header of [null, undefined, "", "soon", "-5", "1e3", "12abc"]) {
    assert.equal(
      parseRetryAfter(header, now),
      undefined,
      `header ${JSON.stringify(header)}`,
    );
  }
});

Deno.test("Retry-After wins over backoff but is capped", () => {
  assert.equal(retryDelayMs(0, policy, 5_000, () => 0.5), 5_000);
  assert.equal(retryDelayMs(0, policy, 120_000, () => 0.5), 20_000);
  assert.equal(retryDelayMs(2, policy, undefined, () => 0.5), 1_000);
});

Deno.test("retryable statuses: 408, 429, 502, 503, 504, or anything CDF flags", () => {
  for (const status of [408, 429, 502, 503, 504]) {
    assert.ok(isRetryableStatus(status), String(status));
  }
  for (const status of [400, 401, 403, 404, 409, 422, 500]) {
    assert.ok(!isRetryableStatus(status), String(status));
  }
  assert.ok(isRetryableStatus(500, true));
});

Deno.test("CDF's auto-retryable flag is read from the header or the error body", () => {
  assert.ok(isAutoRetryable("true", undefined));
  assert.ok(isAutoRetryable("TRUE ", undefined));
  assert.ok(!isAutoRetryable("false", undefined));
  assert.ok(
    isAutoRetryable(null, {
      error: { code: 500, message: "x", isAutoRetryable: true },
    }),
  );
  assert.ok(
    !isAutoRetryable(null, {
      error: { code: 500, message: "x", isAutoRetryable: "yes" },
    }),
  );
  assert.ok(!isAutoRetryable(null, "not json"));
});
