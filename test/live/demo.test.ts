/**
 * The README's demo (npm run demo runs examples/demo.mjs after building dist/): against the real
 * Flask app it must show the round trip, each side reading what the other wrote, and stop both.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test } from "vitest";
import { pythonWithFlask } from "../helpers/flask-server.js";

const python = pythonWithFlask("test/live/demo.test.ts (the live demo)");
const root = new URL("../..", import.meta.url).pathname;

test.skipIf(!python)("the demo walks login → flash → Node update → Flask read, and stops both servers", async () => {
  const { stdout } = await promisify(execFile)("node", ["examples/demo.mjs"], { cwd: root, timeout: 60_000 });
  const lines = stdout.split("\n").map((line) => line.trim());
  // Node read what Flask's login wrote, with JavaScript types.
  expect(lines).toContain('Node read  _user_id   = "42" (string)');
  expect(lines).toContain("Node read  _fresh     = true (boolean)");
  // Flask read what Node wrote, with Python types, and showed Node's flash.
  expect(lines).toContain("Flask read last_seen_from = ('node-service', 1)");
  expect(lines).toContain("Flask read order_id       = 1234567890123456789");
  expect(lines).toContain("Flask read theme          = 'dark'");
  expect(lines).toContain("Flask showed the flashed messages: [('info', 'Preferences saved by the Node service.')]");
  // Node's logout emptied the session for Flask.
  expect(lines).toContain("Flask's session afterwards: {}");
  expect(lines.at(-2)).toBe("Stopped Flask and the Express service.");
});
