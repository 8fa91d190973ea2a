/**
 * The reference sessions on Node's side: the cookies Flask signed (from scripts/bench_python.py),
 * read with the same key and `maxAge` as Flask reads them, and the values written back. Before
 * anything is timed, each cookie must decode and re-encode to Flask's exact bytes, so that the
 * two sides provably do the same work.
 */
import { isDeepStrictEqual } from "node:util";
import { SecureCookieSessionInterface, type URLSafeTimedSerializer } from "../src/index.js";
import type { PythonCases } from "./python-worker.js";

/** What the goals say about one reference session. */
export interface CaseGoals {
  /** Minimum speed-up over Python for `loads`, and what to aim for. */
  loads: { goal: number; aim?: number };
  /** Minimum speed-up over Python for `dumps`. */
  dumps: { goal: number; aim?: number };
}

/** The goals, per reference session. */
export const GOALS: Record<string, CaseGoals & { title: string }> = {
  login: { title: "login session, ~340 B JSON, compressed", loads: { goal: 2 }, dumps: { goal: 2 } },
  short: { title: "short session, uncompressed", loads: { goal: 5, aim: 8 }, dumps: { goal: 2 } },
  cart: { title: "~2 KB session that compresses well", loads: { goal: 1 }, dumps: { goal: 1 } },
};

/** One reference session, ready to time. */
export interface NodeCase {
  name: string;
  cookie: string;
  jsonBytes: number;
  compressed: boolean;
  /** What Flask's `open_session` does with the cookie: verify (with max_age) and decode. */
  loads: () => unknown;
  /** What Flask's `save_session` does with the session: encode, compress when shorter, sign. */
  dumps: () => string;
}

/** The app every case uses: Flask's defaults with the benchmark's secret key. */
export function benchApp(py: PythonCases): { secretKey: string } {
  return { secretKey: py.secretKey };
}

/**
 * Node's side of every case, checked: `loads` of Flask's cookie succeeds, and `dumps` of the
 * result at the cookie's own timestamp gives Flask's cookie back, byte for byte.
 *
 * @throws Error when a cookie does not round-trip (then timing it would mean nothing).
 */
export function nodeCases(py: PythonCases, serializer?: URLSafeTimedSerializer): NodeCase[] {
  const app = benchApp(py);
  const s = serializer ?? new SecureCookieSessionInterface().getSigningSerializer(app);
  const out: NodeCase[] = [];
  for (const [name, info] of Object.entries(py.cases)) {
    const [value, signedAt] = s.loads<Record<string, unknown>>(info.cookie, { maxAge: py.maxAge, returnTimestamp: true });
    const atThatTime = new SecureCookieSessionInterface({ now: () => signedAt.getTime() / 1000 });
    const again = atThatTime.getSigningSerializer(app).dumps(value);
    if (again !== info.cookie) {
      throw new Error(`${name}: Node's dumps differs from Flask's cookie:\n  flask ${info.cookie}\n  node  ${again}`);
    }
    if (!isDeepStrictEqual(s.loads(again, { maxAge: py.maxAge }), value)) {
      throw new Error(`${name}: loads is not stable`);
    }
    const cookie = info.cookie;
    const maxAge = py.maxAge;
    out.push({
      name,
      cookie,
      jsonBytes: info.jsonBytes,
      compressed: info.compressed,
      loads: () => s.loads(cookie, { maxAge }),
      dumps: () => s.dumps(value),
    });
  }
  return out;
}
