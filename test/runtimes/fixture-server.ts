/**
 * The loopback server every runtime pulls the conformance suite from: the bundle
 * (`/conformance.mjs`, `/conformance.js`), the list of tables (`/manifest.json`), each table
 * (`/fixtures/<table>`, only those listed), and a blank page (`/`) that gives a browser an origin.
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import type { Bundle } from "../conformance/bundle.js";
import type { Manifest } from "../conformance/suite.js";
import { served, type Served } from "../helpers/http.js";

/** Serves `bundle` and the fixture tables `tables` (paths under `fixturesDir`). */
export async function startFixtureServer(bundle: Bundle, fixturesDir: string, tables: string[]): Promise<Served> {
  const manifest: Manifest = { tables };
  const files = new Map<string, [type: string, body: () => string | Buffer]>([
    ["/", ["text/html; charset=utf-8", () => "<!doctype html><title>conformance</title>"]],
    ["/conformance.mjs", ["text/javascript; charset=utf-8", () => bundle.module]],
    ["/conformance.js", ["text/javascript; charset=utf-8", () => bundle.script]],
    ["/manifest.json", ["application/json", () => JSON.stringify(manifest)]],
    ...tables.map((t): [string, [string, () => Buffer]] => [
      `/fixtures/${t}`,
      ["application/json", () => readFileSync(join(fixturesDir, t))],
    ]),
  ]);
  const server = createServer((request, response) => {
    const file = files.get(new URL(request.url ?? "/", "http://x").pathname);
    if (request.method !== "GET" || !file) {
      response.writeHead(404, { connection: "close" }).end();
      return;
    }
    // One connection per request: a runtime busy for seconds between two requests must not find
    // its kept-alive socket closed under it (Node closes idle ones after 5 s).
    response.writeHead(200, { "content-type": file[0], "cache-control": "no-store", connection: "close" }).end(file[1]());
  });
  server.listen(0, "127.0.0.1");
  return served(server);
}
