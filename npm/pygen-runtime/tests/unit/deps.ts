/** What the unit tests use: the public API, plus the few internals they test directly. */
export * from "../../src/index.ts";
export { gunzip, gzip } from "../../src/gzip.ts";
export { chunk, Semaphore, settleInOrder } from "../../src/concurrency.ts";
export { toJSONText, valueReader, valueWriter } from "../../src/values.ts";
export { redactHeaders } from "../../src/logging.ts";
