/**
 * A small HTTP/1.1 load generator for the Express benchmark: `connections` keep-alive sockets to
 * 127.0.0.1, each sending the next GET as soon as the previous response is complete, until
 * `maxRequests` responses have arrived or `maxSeconds` have passed, whichever comes first.
 *
 * Written here rather than taken from autocannon (25 dependencies) because the job is small: the
 * responses of the benchmark's server always carry Content-Length, so finding where one ends is a
 * header search, and nothing else of HTTP is needed.
 */
import { connect, type Socket } from "node:net";

/** Options of {@link runLoad}. */
export interface LoadOptions {
  port: number;
  path?: string;
  /** Extra request headers, e.g. `{ Cookie: "session=..." }`. */
  headers?: Record<string, string>;
  connections: number;
  maxRequests: number;
  maxSeconds: number;
}

/** What one load run measured. */
export interface LoadResult {
  requests: number;
  seconds: number;
  /** Responses per second. */
  rps: number;
  /** Responses whose status was not 200. */
  non200: number;
  /** The head and body of the first response, to check that the server did what was meant. */
  first: string;
}

const HEADER_END = Buffer.from("\r\n\r\n");

/**
 * Runs one bounded load against 127.0.0.1:`port`.
 *
 * @throws Error when a socket fails or a response has no Content-Length.
 */
export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { port, connections, maxRequests, maxSeconds } = options;
  const lines = [`GET ${options.path ?? "/"} HTTP/1.1`, "Host: 127.0.0.1", "Connection: keep-alive"];
  for (const [name, value] of Object.entries(options.headers ?? {})) lines.push(`${name}: ${value}`);
  const request = Buffer.from(lines.join("\r\n") + "\r\n\r\n", "latin1");

  return new Promise((resolve, reject) => {
    const sockets: Socket[] = [];
    let sent = 0;
    let done = 0;
    let non200 = 0;
    let first = "";
    let finished = false;
    const start = process.hrtime.bigint();

    const finish = (error?: Error) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      for (const socket of sockets) socket.destroy();
      if (error) reject(error);
      else resolve({ requests: done, seconds, rps: done / seconds, non200, first });
    };
    const timer = setTimeout(() => finish(), maxSeconds * 1000);

    const sendNext = (socket: Socket) => {
      if (sent >= maxRequests) return;
      sent++;
      socket.write(request);
    };

    for (let i = 0; i < connections; i++) {
      const socket = connect({ port, host: "127.0.0.1", noDelay: true });
      sockets.push(socket);
      let buffered: Buffer = Buffer.alloc(0);
      socket.on("connect", () => sendNext(socket));
      socket.on("error", (error) => finish(error));
      socket.on("data", (chunk: Buffer) => {
        buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
        for (;;) {
          const headEnd = buffered.indexOf(HEADER_END);
          if (headEnd === -1) return;
          const head = buffered.toString("latin1", 0, headEnd);
          const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
          if (!length) return finish(new Error(`response without Content-Length: ${head}`));
          const end = headEnd + 4 + Number(length[1]);
          if (buffered.length < end) return;
          if (!head.startsWith("HTTP/1.1 200")) non200++;
          if (done === 0) first = buffered.toString("latin1", 0, end);
          buffered = buffered.subarray(end);
          done++;
          if (done >= maxRequests) return finish();
          sendNext(socket);
        }
      });
    }
  });
}
