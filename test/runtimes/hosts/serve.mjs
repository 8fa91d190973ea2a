// The host of the conformance app (test/conformance/app.ts) in a server runtime: Node, Bun or
// Deno, each with its own server API, as the README's "fetch handler" recipe runs there.
//
//   <runtime> serve.mjs <conformance.mjs> <fixture server URL> <secret key>
//
// Prints "LISTENING <port>" once it serves on 127.0.0.1, and exits when its standard input ends
// (the test holds it open), so that no server outlives the test that started it.
const [bundle, fixtures, secretKey] = globalThis.Deno ? Deno.args : process.argv.slice(2);
const { createApp } = await import(new URL(bundle, `file://${globalThis.Deno ? Deno.cwd() : process.cwd()}/`).href);

const read = async (path) => {
  const response = await fetch(new URL(path, fixtures));
  if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
  return response.text();
};
const app = createApp({ secretKey, read });
const handle = async (request) => {
  try {
    return await app(request);
  } catch (error) {
    return Response.json({ error: String(error?.stack ?? error) }, { status: 500 });
  }
};

let port;
if (globalThis.Bun) {
  port = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: handle, idleTimeout: 255 }).port;
} else if (globalThis.Deno) {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, handle);
  port = server.addr.port;
} else {
  // Node has no fetch-handler server: a small bridge from node:http to Request/Response.
  const { createServer } = await import("node:http");
  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
    }
    const body = chunks.length ? Buffer.concat(chunks) : undefined;
    const response = await handle(new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body }));
    const out = {};
    response.headers.forEach((value, name) => {
      if (name !== "set-cookie") out[name] = value;
    });
    const cookies = response.headers.getSetCookie();
    if (cookies.length) out["set-cookie"] = cookies;
    res.writeHead(response.status, out).end(Buffer.from(await response.arrayBuffer()));
  });
  server.requestTimeout = 0;
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = server.address().port;
}
console.log(`LISTENING ${port}`);

if (globalThis.Deno) {
  for await (const _ of Deno.stdin.readable);
  Deno.exit(0);
} else {
  process.stdin.on("data", () => {});
  process.stdin.on("end", () => process.exit(0));
}
