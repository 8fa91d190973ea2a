/**
 * Bytes for database clients that only take a Node `Buffer` as binary (a plain `Uint8Array`
 * may be sent as text), without copying.
 * @internal
 * @module
 */

/** `value` as a Buffer over the same memory. */
export function asBuffer(value: Uint8Array): Buffer {
  return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}
