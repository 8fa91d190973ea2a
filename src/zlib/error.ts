/**
 * The error of the zlib layer, in its own module so that the decoder (`./inflate.ts`) and the
 * wrapper (`../compress.ts`, which re-exports it) share it without importing each other.
 * @module
 */

/**
 * zlib could not decompress the data (Python: `zlib.error`), or the output exceeded the bound.
 *
 * @example
 * ```ts
 * try {
 *   zlibDecompress(Uint8Array.of(0x78, 0x9c));
 * } catch (error) {
 *   error instanceof ZlibError; // true: "Error -5 while decompressing data: incomplete or truncated stream"
 * }
 * ```
 */
export class ZlibError extends Error {
  /**
   * @param message - zlib's complaint, in Python's words where there is one.
   */
  constructor(message: string) {
    super(message);
    this.name = "ZlibError";
  }
}
