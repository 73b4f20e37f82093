/**
 * zlib-format DEFLATE for TIFF blocks, on the fastest engine at hand: Node's native zlib on the libuv thread pool
 * (blocks inflate in parallel, off the main thread), else the browser's DecompressionStream/CompressionStream.
 * Internal.
 */
type NodeZlib = typeof import('node:zlib');

let nodeZlib: Promise<NodeZlib | null> | undefined;

/** Node's zlib, or null outside Node. Loaded lazily through a computed specifier so bundlers leave it alone. */
export function loadNodeZlib(): Promise<NodeZlib | null> {
  const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
  const specifier = ['node', 'zlib'].join(':');
  nodeZlib ??= isNode ? (import(/* @vite-ignore */ specifier) as Promise<NodeZlib>).catch(() => null) : Promise.resolve(null);
  return nodeZlib;
}

/** Inflates a zlib stream whose output should be `expectedBytes` long. */
export async function inflateBytes(input: Uint8Array, expectedBytes: number): Promise<Uint8Array> {
  const zlib = await loadNodeZlib();
  if (zlib) {
    return new Promise((resolve, reject) => {
      // One spare byte: with an output buffer exactly full, zlib allocates a second chunk only to find the end.
      zlib.inflate(input, { chunkSize: Math.max(64, expectedBytes + 1) }, (error, result) => (error ? reject(error) : resolve(result)));
    });
  }
  return streamThrough(new DecompressionStream('deflate'), input);
}

/** Deflates bytes into a zlib stream (level 6 by default). */
export async function deflateBytes(input: Uint8Array, level = 6): Promise<Uint8Array> {
  const zlib = await loadNodeZlib();
  if (zlib) {
    return new Promise((resolve, reject) => {
      zlib.deflate(input, { level }, (error, result) => (error ? reject(error) : resolve(result)));
    });
  }
  return streamThrough(new CompressionStream('deflate'), input);
}

async function streamThrough(stream: GenericTransformStream, input: Uint8Array): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  void writer.write(input as Uint8Array<ArrayBuffer>).catch(() => undefined);
  void writer.close().catch(() => undefined);
  const buffer = await new Response(stream.readable as ReadableStream<Uint8Array>).arrayBuffer();
  return new Uint8Array(buffer);
}
