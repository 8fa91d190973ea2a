/**
 * The names the documentation's examples use without defining them, declared as globals for the
 * example check (test/docs/examples.test.ts; test/helpers/examples.ts explains the rest). A block
 * that defines one of these names itself hides the global, and the implicit imports of a
 * TSDoc example never shadow them. Give each the type a reader would assume; add one here only
 * when several examples share it (a single block declares its own in a `<!-- ts-preamble -->`).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Redis } from "ioredis";
import type {
  CSRFProtect,
  FlaskSession,
  LoginContext,
  LoginManager,
  RememberCookie,
  Signer,
  TaggedJSONSerializer,
  TimestampSigner,
  URLSafeTimedSerializer,
} from "flask-session-cookie";
import type { FlaskSessions } from "flask-session-cookie/web";
import type { ParsedArgs } from "../../src/cli/args.js";
import type { Inspection } from "../../src/cli/inspect.js";
import type { CliIO } from "../../src/cli/io.js";
import type { Key } from "../../src/cli/secrets.js";
import type { Style } from "../../src/cli/style.js";
import type { TokenFormat } from "../../src/cli/token-format.js";

/** A user of the app, as its loader returns it (README.md's `{ id: "42", name: "Ada" }`). */
interface AppUser {
  readonly id: string;
  readonly name: string;
}

declare global {
  // Sessions and requests, as an adapter or a handler has them.
  /** A Flask session: `req.session`, `ctx.session`, `sessions.open(request)`. */
  const session: FlaskSession;
  /** The framework-agnostic session API, built once: `new FlaskSessions({ secretKey })`. */
  const sessions: FlaskSessions;
  /** The app's secret key (Flask's SECRET_KEY). */
  const secretKey: string;
  /** A Web request, in a fetch handler. */
  const request: Request;
  /** A Web response, in a fetch handler. */
  const response: Response;
  /** A Node request, in a node:http / Express / Fastify handler. */
  const req: IncomingMessage;
  /** A Node response, in a node:http / Express / Fastify handler. */
  const res: ServerResponse;

  // itsdangerous.
  /** A signed value or token, as text. */
  const token: string;
  /** A cookie's value. */
  const cookie: string;
  /** A signer: `new Signer("secret-key")`. */
  const signer: Signer;
  /** A timestamp signer: `new TimestampSigner("secret-key")`. */
  const timestampSigner: TimestampSigner;
  /** A timed serializer: `new URLSafeTimedSerializer("secret-key")`. */
  const s: URLSafeTimedSerializer;
  /** Flask's tagged JSON serializer: `new TaggedJSONSerializer()`. */
  const serializer: TaggedJSONSerializer;
  /** Bytes: a key, a message, a payload. */
  const key: Uint8Array;
  const data: Uint8Array;
  const bytes: Uint8Array;

  // Flask-Login and Flask-WTF.
  /** The app's users by id, what `loadUser` reads: `new Map([["42", { id: "42", name: "Ada" }]])`. */
  const users: Map<string, AppUser>;
  /** The app's Flask-Login: `new LoginManager({ secretKey, loadUser: (id) => users.get(id) ?? null })`. */
  const manager: LoginManager<AppUser>;
  /** One request's Flask-Login: `manager.open(session, loginRequestFrom(request))`, `req.login`. */
  const login: LoginContext<AppUser>;
  /** Flask-WTF's CSRF protection: `new CSRFProtect({ secretKey })`. */
  const csrf: CSRFProtect;
  /** Flask-Login's remember cookie signer: `new RememberCookie(secretKey)`. */
  const remember: RememberCookie;

  // Server-side sessions (Flask-Session).
  /** A Redis client (ioredis), the Flask app's `SESSION_REDIS`: `new Redis("redis://localhost:6379")`. */
  const redis: Redis;

  // The command-line tool's internals (src/cli/).
  /** The CLI's view of the world (processIO() or a test's). */
  const io: CliIO;
  /** A parsed command line. */
  const args: ParsedArgs;
  /** The token format the options chose. */
  const format: TokenFormat;
  /** The current time, in Unix seconds. */
  const now: number;
  /** Output colours (or none). */
  const style: Style;
  /** A token taken apart without a key. */
  const inspection: Inspection;
  /** The keys to try, newest first. */
  const keys: readonly Key[];
}
