/**
 * Request-body compression with the platform's `CompressionStream` (Deno, Node >= 18, browsers); where it is
 * missing, bodies go uncompressed.
 *
 * @module
 */

/** Whether this platform can gzip request bodies. */
export function canGzip(): boolean {
  return typeof (globalThis as { CompressionStream?: unknown })
    .CompressionStream === "function";
}

/** Gzips `data` into a new byte array. */
export async function gzip(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as BlobPart]).stream().pipeThrough(
    new CompressionStream("gzip"),
  );
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Gunzips `data` (used by tests and by anyone inspecting a captured request). */
export async function gunzip(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as BlobPart]).stream().pipeThrough(
    new DecompressionStream("gzip"),
  );
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
