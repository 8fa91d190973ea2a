// The conformance app (test/conformance/app.ts) as a Cloudflare Worker, run by workerd
// (test/runtimes/servers.ts writes its config). The fixture server is reached through the
// FIXTURES service binding (an external service on 127.0.0.1), the secret through a text binding.
import { createApp } from "./conformance.mjs";

let app;

export default {
  async fetch(request, env) {
    app ??= createApp({
      secretKey: env.SECRET_KEY,
      async read(path) {
        const response = await env.FIXTURES.fetch(`http://fixtures/${path}`);
        if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
        return response.text();
      },
    });
    try {
      return await app(request);
    } catch (error) {
      return Response.json({ error: String(error?.stack ?? error) }, { status: 500 });
    }
  },
};
