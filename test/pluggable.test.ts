/**
 * The `mac` and `zlib` options (issue 16, item 2): Node's `node:crypto` HMAC, `node:zlib` and
 * pako each fit in one line, and Flask's own cookies (fixtures/flask-3.1/flask-sessions.json,
 * written by Flask) read and write through them. pako with `legacyHash` writes CPython's zlib
 * bytes, so its cookies are Flask's byte for byte; Node's zlib (a Chromium fork) may write other
 * (valid) bytes: what it writes is read back by Flask's reader (ours) and tested as such.
 */
import { createHmac } from "node:crypto";
import { deflateSync, inflateSync } from "node:zlib";
import * as pako from "pako";
import { describe, expect, test } from "vitest";
import { BadPayload, URLSafeTimedSerializer, type Mac, type Zlib } from "../src/index.js";
import { fixtureFor } from "./helpers/fixtures.js";
import { checkSessionRead, checkSessionWrite, type SessionCase } from "./helpers/flask-cases.js";
import { flaskConfig, sessionInterface } from "./helpers/flask-config.js";

const pakoZlib: Zlib = { compress: (data) => pako.deflate(data, { legacyHash: true }), decompress: (data) => pako.inflate(data) };
const nodeZlib: Zlib = {
  compress: (data) => deflateSync(data),
  decompress: (data, maxSize) => inflateSync(data, { maxOutputLength: maxSize }),
};
const nodeMac: Mac = (_digest, key) => ({ mac: (data) => createHmac("sha1", key).update(data).digest() });

const { table, generatedBy } = fixtureFor<{ cases: SessionCase[] }>("flask-sessions.json");
const cases = table.cases.map((c) => [c.id, c] as const);

test("the fixtures hold compressed and uncompressed Flask cookies", () => {
  expect(table.cases.filter((c) => c.compressed).length).toBeGreaterThan(10);
  expect(table.cases.filter((c) => !c.compressed).length).toBeGreaterThan(10);
});

describe("pako with legacyHash as the zlib", () => {
  test.each(cases)("%s: read as Flask wrote it", (_id, c) => checkSessionRead(c, generatedBy, { zlib: pakoZlib }));
  test.each(cases)("%s: written as Flask wrote it, byte for byte", (_id, c) =>
    checkSessionWrite(c, generatedBy, { zlib: pakoZlib }),
  );
});

describe("node:zlib as the zlib", () => {
  test.each(cases)("%s: read as Flask wrote it", (_id, c) => checkSessionRead(c, generatedBy, { zlib: nodeZlib }));

  test.each(cases)("%s: what it writes reads back to the same data", (_id, c) => {
    const app = flaskConfig(c.config);
    const sessions = sessionInterface(generatedBy, c.timestamp, c.json, undefined, { zlib: nodeZlib });
    const data = sessions.openSession(app, { cookieValue: c.cookie }).toDict();
    const serializer = sessions.getSigningSerializer(app);
    const token = serializer.dumps(data);
    // itsdangerous' rule on Node's own output, whose length may differ from CPython's zlib: near
    // the boundary a cookie Flask compressed may go uncompressed, or the reverse.
    const json = new TextEncoder().encode(serializer.serializer.dumps(data));
    expect(token.startsWith("."), "compressed").toBe(deflateSync(json).length < json.length - 1);
    const plain = sessionInterface(generatedBy, c.timestamp, c.json);
    const back = plain.openSession(app, { cookieValue: token });
    expect(back.loadError).toBeNull();
    expect(back.toDict()).toEqual(plain.openSession(app, { cookieValue: c.cookie }).toDict());
  });

  test("node:zlib honours the size cap itself", () => {
    const s = new URLSafeTimedSerializer("k", { zlib: nodeZlib, limits: { maxDecompressedSize: 1000 } });
    const token = new URLSafeTimedSerializer("k").dumps("a".repeat(5000));
    expect(() => s.loads(token)).toThrow(BadPayload);
    expect(new URLSafeTimedSerializer("k", { zlib: nodeZlib }).loads(token)).toBe("a".repeat(5000));
  });
});

describe("node:crypto's HMAC as the mac", () => {
  test.each(cases)("%s: Flask's signature verified", (_id, c) => checkSessionRead(c, generatedBy, { mac: nodeMac }));
  test.each(cases)("%s: Flask's signature made again", (_id, c) => checkSessionWrite(c, generatedBy, { mac: nodeMac }));

  test("the mac is asked once per key, not once per token", () => {
    let keyed = 0;
    const counting: Mac = (digest, key) => {
      keyed++;
      return nodeMac(digest, key);
    };
    const s = new URLSafeTimedSerializer(["old", "new"], { mac: counting });
    const tokens = Array.from({ length: 20 }, (_, i) => s.dumps({ i }));
    for (const [i, token] of tokens.entries()) expect(s.loads(token)).toEqual({ i });
    expect(keyed).toBe(1);
    expect(new URLSafeTimedSerializer(["new", "old"], { mac: counting }).loads(tokens[0]!)).toEqual({ i: 0 });
    expect(keyed).toBe(3);
  });
});

test("a zlib without a cap of its own (pako) is still bounded by maxDecompressedSize", () => {
  const s = new URLSafeTimedSerializer("k", { zlib: pakoZlib, limits: { maxDecompressedSize: 1000 } });
  const token = new URLSafeTimedSerializer("k").dumps("a".repeat(5000));
  let error: unknown;
  try {
    s.loads(token);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(BadPayload);
  expect(((error as BadPayload).cause as Error).message).toMatch(/maxDecompressedSize/);
});
