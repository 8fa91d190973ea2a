/** Flask configuration as the fixtures record it (Flask's own names) → our camelCase options. */
import {
  SecureCookieSessionInterface,
  TaggedJSONSerializer,
  type FlaskSessionConfig,
  type SessionInterfaceOptions,
  type WerkzeugVersion,
} from "../../src/index.js";
import { hexToBytes } from "./typed.js";

/** `SESSION_COOKIE_HTTPONLY` → `sessionCookieHttponly`: the mechanical mapping the API promises. */
export function camelCase(flaskName: string): string {
  return flaskName.toLowerCase().replace(/_([a-z])/g, (_m, ch: string) => ch.toUpperCase());
}

function secret(value: unknown): string | Uint8Array {
  return typeof value === "string" ? value : hexToBytes((value as { bytes: string }).bytes);
}

export function flaskConfig(config: Record<string, unknown>): FlaskSessionConfig {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    if (key === "SECRET_KEY") out.secretKey = secret(value);
    else if (key === "SECRET_KEY_FALLBACKS") out.secretKeyFallbacks = (value as unknown[]).map(secret);
    else out[camelCase(key)] = value;
  }
  return out as unknown as FlaskSessionConfig;
}

/** The releases a fixture table was made with (its generatedBy): the library is set to them. */
export interface MadeBy {
  flask: string;
  /** The exact Werkzeug release: within 3.1, 3.1.9 reads cookies differently from 3.1.3. */
  werkzeug?: string;
}

/**
 * The session interface of the releases that made a fixture (`flaskVersion`, `werkzeugVersion`),
 * on a fixed clock, with the app's JSON settings.
 */
export function sessionInterface(
  made: MadeBy,
  now: number,
  json: { sort_keys: boolean; ensure_ascii: boolean } = { sort_keys: true, ensure_ascii: true },
  warn: (message: string) => void = () => {},
  extra: Pick<SessionInterfaceOptions, "mac" | "zlib"> = {},
): SecureCookieSessionInterface {
  const flaskVersion = made.flask;
  return new SecureCookieSessionInterface({
    ...extra,
    flaskVersion,
    ...(made.werkzeug === undefined ? {} : { werkzeugVersion: made.werkzeug as WerkzeugVersion }),
    now: () => now,
    serializer: new TaggedJSONSerializer({ sortKeys: json.sort_keys, ensureAscii: json.ensure_ascii, flaskVersion }),
    warn,
  });
}
