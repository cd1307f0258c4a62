/**
 * @since 0.1.0
 */
import { Schema } from "effect"
import { Text1000 } from "./Text.js"

/**
 * An RFC 3339 date-time string as the contract writes it: seconds required, at most six
 * fractional digits, `Z` or a numeric offset.
 *
 * @since 0.1.0
 * @category patterns
 */
export const dateTimePattern: RegExp =
  /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?(Z|[+-][0-9]{2}:[0-9]{2})$/

/**
 * A contract date-time on the wire, a `DateTime.Utc` in TypeScript. Precision below a
 * millisecond is dropped on decoding.
 *
 * @since 0.1.0
 * @category schemas
 */
export const DateTimeUtcFromWire = Schema.compose(
  Schema.String.pipe(
    Schema.maxLength(64),
    // The JSON Schema annotation replaces the filter's own, so the pattern is stated again.
    Schema.pattern(dateTimePattern, { jsonSchema: { format: "date-time", pattern: dateTimePattern.source } })
  ),
  Schema.DateTimeUtc
)

/**
 * The exact text that step 2 of account deletion must send back.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ChallengeText = Text1000.pipe(Schema.brand("@tmi-effect/ChallengeText"))

/**
 * @since 0.1.0
 * @category schemas
 */
export type ChallengeText = typeof ChallengeText.Type

/**
 * The challenge issued by step 1 of account deletion (`DELETE /me` without a challenge).
 * It must be sent back unchanged before `expiresAt`, and can be used once.
 *
 * @since 0.1.0
 * @category models
 */
export class DeletionChallenge extends Schema.Class<DeletionChallenge>("DeletionChallenge")({
  challengeText: Schema.propertySignature(ChallengeText).pipe(Schema.fromKey("challenge_text")),
  expiresAt: Schema.propertySignature(DateTimeUtcFromWire).pipe(Schema.fromKey("expires_at"))
}) {}
