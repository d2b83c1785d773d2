/**
 * Parse and write speed of the TypeScript runtime, the counterpart of benchmarks/runtime_parse.py.
 *
 * (a) `JSON.parse` of one `/models/instances/list` body of N nodes with ten properties of mixed types, against
 * (b) the same plus `ViewDescriptor.parseList` into typed read objects (Dates, ids), the way a generated SDK reads.
 * Then (c) turning N write objects into the apply body (checks every value; `WriteCollector`) and `toJSONText`.
 * Target for (b): within 2x of (a). Prints the best of R runs; numbers from a busy machine are noisy.
 *
 *     deno run bench/parse_and_write.ts [N=100000] [R=5]
 */

import {
  InstanceClient,
  type NodeInstance,
  type NodeWrite,
  type PropertyMap,
  ViewDescriptor,
} from "../src/index.ts";
import { toJSONText } from "../src/values.ts";
import { WriteCollector } from "../src/write_collector.ts";

const N = Number(Deno.args[0] ?? 100_000);
const R = Number(Deno.args[1] ?? 5);

const PROPERTIES = {
  name: { id: "name", type: "text" },
  value: { id: "value", type: "float64" },
  count: { id: "count", type: "int32" },
  isValid: { id: "isValid", type: "boolean" },
  day: { id: "day", type: "date" },
  measuredAt: { id: "measuredAt", type: "timestamp" },
  tags: { id: "tags", type: "text", list: true },
  samples: { id: "samples", type: "float64", list: true },
  status: { id: "status", type: "enum", values: ["ok", "bad"] },
  site: { id: "site", type: "direct" },
} as const satisfies PropertyMap;

interface Reading extends NodeInstance {
  name: string | null;
  measuredAt: Date | null;
}

interface ReadingWrite extends NodeWrite {
  name?: string | null;
  value?: number | null;
  count?: number | null;
  isValid?: boolean | null;
  day?: string | null;
  measuredAt?: Date | null;
  tags?: readonly string[] | null;
  samples?: readonly number[] | null;
  status?: "ok" | "bad" | null;
  site?: { space: string; externalId: string } | null;
}

const READING: ViewDescriptor<Reading, ReadingWrite, typeof PROPERTIES> =
  new ViewDescriptor({
    view: { space: "bench", externalId: "Reading", version: "v1" },
    usedFor: "node",
    properties: PROPERTIES,
  });

function best(action: () => void): number {
  const timings: number[] = [];
  for (let i = 0; i < R; i++) {
    const start = performance.now();
    action();
    timings.push(performance.now() - start);
  }
  return Math.min(...timings);
}

const start = Date.UTC(2024, 0, 1);
const items = Array.from({ length: N }, (_, i) => ({
  instanceType: "node",
  space: "bench",
  externalId: `reading-${i}`,
  version: 1,
  createdTime: start,
  lastUpdatedTime: start + i,
  properties: {
    bench: {
      "Reading/v1": {
        name: `Reading ${i}`,
        value: i * 0.5,
        count: i % 1000,
        isValid: i % 2 === 0,
        day: "2024-05-01",
        measuredAt: new Date(start + i * 1000).toISOString().replace(
          "Z",
          "+00:00",
        ),
        tags: ["a", "b"],
        samples: [1.5, 2.5, 3.5],
        status: i % 2 ? "ok" : "bad",
        site: { space: "bench", externalId: `site-${i % 10}` },
      },
    },
  },
}));
const body = JSON.stringify({ items, nextCursor: null });

const parseOnly = best(() => JSON.parse(body));
let parsed = 0;
const parseTyped = best(() => {
  parsed = READING.parseList(JSON.parse(body).items).length;
});

const writes: ReadingWrite[] = Array.from({ length: N }, (_, i) => ({
  space: "bench",
  externalId: `reading-${i}`,
  name: `Reading ${i}`,
  value: i * 0.5,
  count: i % 1000,
  isValid: i % 2 === 0,
  day: "2024-05-01",
  measuredAt: new Date(start + i * 1000),
  tags: ["a", "b"],
  samples: [1.5, 2.5, 3.5],
  status: i % 2 ? "ok" : "bad",
  site: { space: "bench", externalId: `site-${i % 10}` },
}));
let bytes = 0;
const write = best(() => {
  const collector = new WriteCollector();
  writes.forEach((item, index) =>
    collector.add(READING.write(item), `item ${index}`)
  );
  bytes = toJSONText({ items: collector.all() }).length;
});

const perSecond = (ms: number) =>
  Math.round(N / (ms / 1000)).toLocaleString("en-US");
console.log(
  `runtime ${Deno.version.deno} (V8 ${Deno.version.v8}), ${N} nodes, best of ${R}`,
);
console.log(
  `(a) JSON.parse                       ${
    parseOnly.toFixed(0).padStart(6)
  } ms  ${perSecond(parseOnly)} nodes/s`,
);
console.log(
  `(b) JSON.parse + parseList          ${
    parseTyped.toFixed(0).padStart(6)
  } ms  ${perSecond(parseTyped)} nodes/s  ` +
    `(${(parseTyped / parseOnly).toFixed(2)}x of a; ${parsed} objects)`,
);
console.log(
  `(c) check + collect + JSON text     ${write.toFixed(0).padStart(6)} ms  ${
    perSecond(write)
  } nodes/s  ` +
    `(${(bytes / 1e6).toFixed(1)} MB)`,
);
// Keeps the InstanceClient import honest: the benchmark uses the public package entry point.
void InstanceClient;
