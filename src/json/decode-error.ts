/**
 * Python's `json.JSONDecodeError`.
 * @module
 */

/** A JSON syntax error, with Python's message and position. */
export class JSONDecodeError extends SyntaxError {
  /** Offset in the text (UTF-16 code units) where the error was found. */
  readonly pos: number;
  /**
   * @param message - Python's message, e.g. `Expecting value`.
   * @param pos - Where in the text.
   */
  constructor(message: string, pos: number) {
    super(`${message}: char ${pos}`);
    this.name = "JSONDecodeError";
    this.pos = pos;
  }
}
