/**
 * Timestamps as itsdangerous wrote them before 1.0 (2018): seconds since 2011-01-01 instead of
 * since 1970. Old Flask apps, and tools that call this "legacy", still meet such tokens.
 * @module
 */
import { TimestampSigner } from "../timed.js";

/** itsdangerous < 1.0's epoch: 2011-01-01T00:00:00Z in Unix seconds (its `EPOCH`). */
export const LEGACY_EPOCH = 1293840000;

/**
 * A {@link TimestampSigner} with itsdangerous 0.x's clock: `getTimestamp()` counts from
 * 2011-01-01 and `timestampToDatetime()` adds the offset back, exactly as 0.24 did
 * (`int(time.time() - EPOCH)` / `datetime.utcfromtimestamp(ts + EPOCH)`).
 *
 * @example
 * ```ts
 * new URLSafeTimedSerializer("key", { signer: LegacyTimestampSigner }).loads(token, { maxAge: 3600 });
 * ```
 */
export class LegacyTimestampSigner extends TimestampSigner {
  /** Seconds since 2011-01-01. */
  override getTimestamp(): number {
    return super.getTimestamp() - LEGACY_EPOCH;
  }

  /** A legacy timestamp as a `Date`. */
  override timestampToDatetime(ts: number): Date {
    return super.timestampToDatetime(ts + LEGACY_EPOCH);
  }
}
