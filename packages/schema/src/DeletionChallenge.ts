/**
 * The challenge that step 1 of account deletion issues and step 2 sends back, and the
 * contract's date-time format it uses.
 *
 * @since 0.1.0
 */
import { DateTime, Schema } from "effect"
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

const firstWireInstant = Date.parse("0000-01-01T00:00:00.000Z")
const lastWireInstant = Date.parse("9999-12-31T23:59:59.999Z")

/**
 * Instants the wire format can write: four-digit years only.
 */
const WireRepresentableDateTime = Schema.DateTimeUtcFromSelf.pipe(
  Schema.filter((dateTime) => {
    const millis = DateTime.toEpochMillis(dateTime)
    return millis >= firstWireInstant && millis <= lastWireInstant
  }, {
    message: () => "must fall in the years 0000 to 9999",
    arbitrary: () => (fc) =>
      fc.integer({ min: firstWireInstant, max: lastWireInstant }).map((millis) => DateTime.unsafeMake(millis))
  })
)

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
  Schema.compose(Schema.DateTimeUtc, WireRepresentableDateTime)
)

/**
 * The exact text that step 2 of account deletion must send back.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ChallengeText = Text1000.pipe(Schema.brand("@tmi-effect/ChallengeText"))

/**
 * The branded text of a deletion challenge.
 *
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
