/**
 * Short-lived byte arrays carved out of larger blocks, as Node's `Buffer` pool does: V8 gives an
 * array of over 64 bytes a backing store of its own (about 0.4 µs each, more than verifying a
 * small cookie's HMAC), a view of a block about 0.05 µs. A block is never written twice: when it
 * is full a new one is taken, and the old one lives on while any view of it does, so a view
 * handed out stays valid (and its bytes the caller's) for as long as it is kept. Each signer and
 * serializer owns one; nothing is shared between instances.
 * @internal
 * @module
 */

/** The largest block; the first is smaller, so that a signer made per call (as a subclass may) costs little. */
const BLOCK = 16 * 1024;
const encoder = new TextEncoder();

/** Fresh byte arrays, as views of blocks that are never reused. @internal */
export class Slab {
  #block = new Uint8Array(0);
  #used = 0;
  #next = 1024;

  /** A new array of `size` bytes for the caller to fill (one of its own when large). */
  take(size: number): Uint8Array {
    if (size > BLOCK / 4) return new Uint8Array(size);
    if (this.#used + size > this.#block.length) this.#newBlock(size);
    return this.#block.subarray(this.#used, (this.#used += size));
  }

  /**
   * `text` as UTF-8 when it is all ASCII, else `null` (the caller encodes it the checked way:
   * `encodeInto` would write U+FFFD for a lone surrogate that Python refuses).
   */
  ascii(text: string): Uint8Array | null {
    if (text.length > BLOCK / 4) return null;
    if (this.#used + text.length > this.#block.length) this.#newBlock(text.length);
    // Room for one byte per code unit: all of it is read only when every character is ASCII.
    const out = this.#block.subarray(this.#used, this.#used + text.length);
    const { read, written } = encoder.encodeInto(text, out);
    if (read !== text.length || written !== text.length) return null;
    this.#used += written;
    return out;
  }

  #newBlock(size: number): void {
    while (this.#next < size) this.#next *= 2;
    this.#block = new Uint8Array(this.#next);
    this.#used = 0;
    this.#next = Math.min(this.#next * 2, BLOCK);
  }
}
