/**
 * What is particular to the Express adapter, served by real Express on 127.0.0.1: the cookie is
 * added however the app sends its headers (writeHead with headers in any form, streaming,
 * Express's own res.cookie), and a FlaskSessions can be shared with the rest of the service.
 */
import express, { type RequestHandler } from "express";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { flaskSession } from "../../src/adapters/express.js";
import { FlaskSessions } from "../../src/adapters/web.js";
import { request, served, setCookieFor, type Served } from "../helpers/http.js";

const NOW = Math.floor(Date.now() / 1000);
const sessions = new FlaskSessions({ secretKey: "express-test-key", now: () => NOW });
const cookie = (data: Record<string, unknown>) => setCookieFor(sessions, data);

/** Each route changes the session, then answers in its own way. */
const routes: Record<string, RequestHandler> = {
  "/write-head-object": (_req, res) => {
    res.writeHead(200, { "Set-Cookie": ["a=1", "b=2"], "Content-Type": "text/plain" }).end("ok");
  },
  "/write-head-message": (_req, res) => {
    res.writeHead(201, "Made", { "set-cookie": "a=1", Vary: "Origin" }).end("ok");
  },
  "/write-head-array": (_req, res) => {
    res.writeHead(200, ["Set-Cookie", "a=1", "Vary", "Origin"]).end("ok");
  },
  "/stream": (_req, res) => {
    res.write("part one, ");
    res.end("part two");
  },
  "/write-head-twice": (_req, res) => {
    // A second writeHead fails as it does without the middleware, and saves nothing again.
    res.writeHead(200, { "Content-Type": "text/plain" });
    let second = "no error";
    try {
      res.writeHead(500);
    } catch (error) {
      second = (error as { code?: string }).code ?? String(error);
    }
    res.end(second);
  },
  "/res-cookie": (_req, res) => {
    res.cookie("theme", "dark").send("ok");
  },
  "/shared-read": (req, res) => {
    // The one-call read of the same FlaskSessions, next to the middleware's session.
    res.json({ read: sessions.read(req), middleware: req.session.get("_user_id") ?? null });
  },
};

let server: Served;

beforeAll(async () => {
  const app = express();
  app.use(flaskSession(sessions)); // a shared FlaskSessions instead of options
  for (const [path, handler] of Object.entries(routes)) {
    app.get(path, (req, res, next) => {
      if (path !== "/shared-read") req.session.set("route", path);
      handler(req, res, next);
    });
  }
  server = await served(app.listen(0, "127.0.0.1"));
});
afterAll(async () => {
  await server?.close();
});

describe("the session cookie is appended however the app sends its headers", () => {
  test.each([
    ["/write-head-object", ["a=1", "b=2"], "Cookie"],
    ["/write-head-message", ["a=1"], "Origin, Cookie"],
    ["/write-head-array", ["a=1"], "Origin, Cookie"],
    ["/stream", [], "Cookie"],
    ["/res-cookie", ["theme=dark; Path=/"], "Cookie"],
  ])("%s", async (path, appCookies, vary) => {
    const res = await request(server.url + path);
    expect(res.status).toBe(path === "/write-head-message" ? 201 : 200);
    expect(res.setCookie).toEqual([...appCookies, cookie({ route: path })]);
    expect(res.vary).toBe(vary);
  });

  test("a second writeHead throws as Node's does, and the session is saved once", async () => {
    const res = await request(server.url + "/write-head-twice");
    expect(res.status).toBe(200);
    expect(res.text).toBe("ERR_HTTP_HEADERS_SENT");
    expect(res.setCookie).toEqual([cookie({ route: "/write-head-twice" })]);
    expect(res.vary).toBe("Cookie");
  });

  test("the streamed body arrives whole", async () => {
    expect((await request(server.url + "/stream")).text).toBe("part one, part two");
  });
});

test("a shared FlaskSessions reads the same session in one call", async () => {
  const sent = cookie({ _user_id: "42" }).split(";")[0]!;
  const res = await request(server.url + "/shared-read", { headers: { cookie: sent } });
  expect(JSON.parse(res.text)).toEqual({ read: { _user_id: "42" }, middleware: "42" });
});

test("bad options fail when the app is built, not on a request", () => {
  expect(() => flaskSession({ secretKey: undefined })).toThrow(TypeError);
  expect(() => flaskSession({ SECRET_KEY: "k" } as never)).toThrow(/secretKey/);
});
