/**
 * Issue 14, item 4: a token's length is checked before it is encoded (in UTF-16 code units,
 * which are never more than its UTF-8 bytes), and the session interface (so FlaskSessions and
 * every adapter) reads no cookie longer than a browser keeps, while plain serializers keep 1 MiB
 * for URLs and other transports.
 */
import { describe, expect, test } from "vitest";
import {
  BadSignature,
  DEFAULT_LIMITS,
  SESSION_MAX_TOKEN_LENGTH,
  SecureCookieSessionInterface,
  URLSafeTimedSerializer,
} from "../src/index.js";
import { FlaskSessions } from "../src/adapters/web.js";

const refusal = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("not refused");
};

describe("the length is checked before the text is encoded", () => {
  test("an over-long token that cannot even be encoded is refused for its length", () => {
    const s = new URLSafeTimedSerializer("k", { limits: { maxTokenLength: 100 } });
    // A lone surrogate makes UTF-8 encoding fail: refused for its length, it was never encoded.
    const error = refusal(() => s.loads("\ud800" + "a".repeat(200)));
    expect(error).toBeInstanceOf(BadSignature);
    expect((error as Error).message).toBe(
      "Token of 201 characters (at least as many bytes) is longer than the limit of 100 bytes",
    );
    // Within the limit, the same kind of text is refused for what it is.
    expect((refusal(() => s.loads("\ud800" + "a".repeat(20))) as Error).message).toMatch(/lone surrogate/);
  });

  test("text within the limit in code units but over it in bytes is still refused", () => {
    const s = new URLSafeTimedSerializer("k", { limits: { maxTokenLength: 100 } });
    const error = refusal(() => s.loads("é".repeat(60)));
    expect((error as Error).message).toBe("Token of 120 bytes is longer than the limit of 100 bytes");
  });
});

describe("default lengths", () => {
  test("plain serializers keep 1 MiB", () => {
    expect(DEFAULT_LIMITS.maxTokenLength).toBe(1024 * 1024);
    expect(new URLSafeTimedSerializer("k").limits.maxTokenLength).toBe(1024 * 1024);
  });

  test("the session interface, FlaskSessions and the adapters read at most 4096 bytes", () => {
    expect(SESSION_MAX_TOKEN_LENGTH).toBe(4096);
    const sessions = new SecureCookieSessionInterface();
    expect(sessions.getSigningSerializer({ secretKey: "k" }).limits.maxTokenLength).toBe(4096);
    expect(new FlaskSessions({ secretKey: "k" }).sessionInterface.limits.maxTokenLength).toBe(4096);
    const tooLong = sessions.openSession({ secretKey: "k" }, `session=${"a".repeat(4097)}`);
    expect(tooLong.new).toBe(true);
    expect(tooLong.loadError?.message).toBe(
      "Token of 4097 characters (at least as many bytes) is longer than the limit of 4096 bytes",
    );
  });

  test("a session cookie near the limit is read; the limit can be raised", () => {
    const sessions = new SecureCookieSessionInterface({ warn: () => {} });
    const app = { secretKey: "k" };
    // Random-looking text compresses little: grown until the cookie is over 3900 characters.
    let text = "";
    let value = "";
    for (let i = 0; value.length <= 3900; i++) {
      text += ((i * 2654435761) >>> 0).toString(36);
      const session = sessions.openSession(app, null);
      session.set("blob", text);
      const header = sessions.saveSession(app, session).setCookie!;
      value = header.slice("session=".length, header.indexOf(";"));
    }
    expect(value.length).toBeGreaterThan(3900);
    expect(value.length).toBeLessThanOrEqual(4096);
    expect(sessions.openSession(app, { cookieValue: value }).get("blob")).toBe(text);
    const longer = value + "A".repeat(4096 - value.length + 1);
    expect(sessions.openSession(app, { cookieValue: longer }).loadError?.message).toMatch(/limit of 4096 bytes/);
    const raised = new SecureCookieSessionInterface({ limits: { maxTokenLength: 8192 } });
    expect(raised.openSession(app, { cookieValue: longer }).loadError?.message).not.toMatch(/limit/);
  });
});
