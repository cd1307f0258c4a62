/**
 * Text constraints the TMI contract puts on free-form strings.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * Matches strings with no C0 control character (U+0000 to U+001F), as the contract's
 * `^[^\x00-\x1F]*$` pattern requires. CR and LF are among them, which keeps such text
 * out of headers and query strings.
 *
 * @since 0.1.0
 * @category patterns
 */

export const noControlCharacters: RegExp = /^[^\x00-\x1F]*$/

/**
 * A string of at most `maxLength` characters with no control characters.
 *
 * @since 0.1.0
 * @category constructors
 */
export const boundedText = (maxLength: number) =>
  Schema.String.pipe(
    Schema.maxLength(maxLength),
    Schema.pattern(noControlCharacters, { message: () => "must not contain control characters (U+0000 to U+001F)" })
  )

/**
 * Free text of at most 1,000 characters with no control characters, the contract's most
 * common string constraint (challenge text, error codes and descriptions).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Text1000 = boundedText(1000)
