/**
 * What is particular to the Fastify plugin, served by real Fastify on 127.0.0.1: it is not
 * encapsulated (registered once, it serves the routes of child plugins, as a fastify-plugin
 * would), it takes a shared FlaskSessions, and bad options fail the app's startup.
 */
import Fastify from "fastify";
import { afterAll, beforeAll, expect, test } from "vitest";
import { flaskSession } from "../../src/adapters/fastify.js";
import { FlaskSessions } from "../../src/adapters/web.js";
import { request, setCookieFor } from "../helpers/http.js";

const NOW = Math.floor(Date.now() / 1000);
const sessions = new FlaskSessions({ secretKey: "fastify-test-key", now: () => NOW });
const app = Fastify();
let url: string;

beforeAll(async () => {
  await app.register(flaskSession, sessions);
  await app.register(
    async (child) => {
      child.get("/child", async (request, reply) => {
        request.session.set("from", "child");
        reply.header("set-cookie", "a=1");
        return { user: request.session.get("_user_id") ?? null };
      });
    },
    { prefix: "/api" },
  );
  url = await app.listen({ port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await app.close();
});

test("routes of child plugins get request.session; the app's cookies stay", async () => {
  const sent = setCookieFor(sessions, { _user_id: "7" }).split(";")[0]!;
  const res = await request(url + "/api/child", { headers: { cookie: sent } });
  expect(res.status).toBe(200);
  expect(JSON.parse(res.text)).toEqual({ user: "7" });
  expect(res.setCookie).toEqual(["a=1", setCookieFor(sessions, { _user_id: "7", from: "child" })]);
  expect(res.vary).toBe("Cookie");
});

test("the plugin is named in Fastify's plugin tree", async () => {
  expect(app.printPlugins()).toContain("flask-session-cookie");
});

test("bad options fail the app's startup", async () => {
  const broken = Fastify();
  await expect(broken.register(flaskSession, { secretKey: "" })).rejects.toThrow(/no secret key was set/);
  await broken.close();
});
