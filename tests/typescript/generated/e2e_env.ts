/**
 * What the end-to-end tests of generated SDKs share: how to reach the emulator (PYGEN_EMULATOR_* variables set by
 * tests/typescript/test_generated_e2e.py), a client config, a fresh instance space per test, small helpers.
 */

import {
  ClientConfig,
  type InstanceClient,
  TokenCredentials,
} from "pygen-runtime";

export function env(name: string): string {
  const value = Deno.env.get(name);
  if (!value) {
    throw new Error(
      `${name} is not set: run these tests through tests/typescript/test_generated_e2e.py`,
    );
  }
  return value;
}

/** Run id: spaces of this run never clash with those of an earlier one on the same emulator. */
export const RUN = Date.now().toString(36);

export function config(): ClientConfig {
  return new ClientConfig({
    baseUrl: env("PYGEN_EMULATOR_URL"),
    project: env("PYGEN_EMULATOR_PROJECT"),
    credentials: new TokenCredentials(env("PYGEN_EMULATOR_TOKEN")),
    clientName: "generated-sdk-e2e",
  });
}

/** Creates the instance space `<name>-<run>` and returns its name. */
export async function freshSpace(
  client: InstanceClient,
  name: string,
): Promise<string> {
  const space = `${name}-${RUN}`;
  await client.http.post("/models/spaces", { items: [{ space }] });
  return space;
}

/** The external ids of some instances, sorted. */
export function ids(items: readonly { externalId: string }[]): string[] {
  return items.map((item) => item.externalId).sort();
}

/** `prefix` + 0..count-1, zero-padded to two digits. */
export function numbered(prefix: string, count: number): string[] {
  return Array.from(
    { length: count },
    (_, i) => `${prefix}${String(i).padStart(2, "0")}`,
  );
}
