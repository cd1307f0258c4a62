/**
 * Branded UUID identifiers used by the TMI Users API.
 *
 * @since 0.1.0
 */
import type { SchemaAST } from "effect"
import { type Brand, Equivalence, ParseResult, Schema } from "effect"

/**
 * The internal UUID of a TMI user.
 *
 * @since 0.1.0
 * @category ids
 */
export const UserId = Schema.UUID.pipe(Schema.brand("@tmi-effect/UserId"))

/**
 * A user id: a UUID string, branded.
 *
 * @since 0.1.0
 * @category ids
 */
export type UserId = typeof UserId.Type

/**
 * The UUID of a threat model.
 *
 * @since 0.1.0
 * @category ids
 */
export const ThreatModelId = Schema.UUID.pipe(Schema.brand("@tmi-effect/ThreatModelId"))

/**
 * A threat model id: a UUID string, branded.
 *
 * @since 0.1.0
 * @category ids
 */
export type ThreatModelId = typeof ThreatModelId.Type

/**
 * The UUID of a survey response.
 *
 * @since 0.1.0
 * @category ids
 */
export const SurveyResponseId = Schema.UUID.pipe(Schema.brand("@tmi-effect/SurveyResponseId"))

/**
 * A survey response id: a UUID string, branded.
 *
 * @since 0.1.0
 * @category ids
 */
export type SurveyResponseId = typeof SurveyResponseId.Type

// =============================================================================
// Long lists of ids
// =============================================================================

// effect's `Schema.UUID` pattern, spelled out: hexadecimal digits of either case, with hyphens at
// 8, 13, 18 and 23. Looking each character up in a table is about twice as fast as testing the
// pattern, which matters here where it is done for 20,000 ids.
const isHexDigit = new Uint8Array(65_536)
for (const c of "0123456789abcdefABCDEF") isHexDigit[c.charCodeAt(0)] = 1

const hexDigitsFrom = (input: string, start: number, end: number): boolean => {
  for (let i = start; i < end; i++) if (isHexDigit[input.charCodeAt(i)] !== 1) return false
  return true
}

const isUuid = (input: unknown): boolean =>
  typeof input === "string" && input.length === 36 &&
  input[8] === "-" && input[13] === "-" && input[18] === "-" && input[23] === "-" &&
  hexDigitsFrom(input, 0, 8) && hexDigitsFrom(input, 9, 13) && hexDigitsFrom(input, 14, 18) &&
  hexDigitsFrom(input, 19, 23) && hexDigitsFrom(input, 24, 36)

// What `JSONSchema.make(Schema.UUID)` writes, spelled out so that a program decoding models does
// not load the JSON Schema and Arbitrary modules (fast-check) just to build these annotations.
const uuidJsonSchema = {
  type: "string",
  description: "a Universally Unique Identifier",
  format: "uuid",
  pattern: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
} as const

const shown = (value: unknown): string => {
  const text = typeof value === "string" ? JSON.stringify(value) : String(value)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

/**
 * The first problem of a would-be list of UUIDs, or `undefined` when it has none. A plain loop
 * over one precompiled pattern: `Schema.Array(Schema.UUID)` costs about a microsecond per
 * element, which dominates decoding a list of 10,000.
 */
const uuidListIssue = (input: unknown, maxItems: number, ast: SchemaAST.AST): ParseResult.ParseIssue | undefined => {
  if (!Array.isArray(input)) {
    return new ParseResult.Type(ast, input, `Expected an array of UUIDs, actual ${shown(input)}`)
  }
  if (input.length > maxItems) {
    return new ParseResult.Type(ast, input, `Expected at most ${maxItems} items, actual ${input.length}`)
  }
  for (let i = 0; i < input.length; i++) {
    const item: unknown = input[i]
    if (!isUuid(item)) {
      return new ParseResult.Pointer(
        i,
        input,
        new ParseResult.Type(ast, item, `Expected a UUID, actual ${shown(item)}`)
      )
    }
  }
  return undefined
}

/**
 * A list of at most `maxItems` UUIDs carrying the brand of the given id schema: the values, types and JSON
 * Schema of `Schema.Array(id).pipe(Schema.maxItems(maxItems))`, checked in one pass so that
 * decoding 10,000 ids costs little beside `JSON.parse`. A failure names the first bad index.
 *
 * @since 0.1.0
 * @category ids
 */
export const uuidList = <B extends string | symbol>(
  // Only its type is read: it says which brand the ids carry.
  _item: Schema.brand<typeof Schema.UUID, B>,
  maxItems: number
): Schema.Schema<ReadonlyArray<string & Brand.Brand<B>>, ReadonlyArray<string>> => {
  type Item = string & Brand.Brand<B>
  // A struct that renames a key decodes its wire side and then validates its type side, so every
  // list would be checked twice. The lists this schema produces are frozen and remembered: one
  // of them cannot have changed since it was checked, and passes again at the cost of a lookup.
  const checked = new WeakSet<ReadonlyArray<Item>>()
  const check = (input: unknown, _options: SchemaAST.ParseOptions, ast: SchemaAST.AST) => {
    if (checked.has(input as ReadonlyArray<Item>)) return ParseResult.succeed(input as ReadonlyArray<Item>)
    const issue = uuidListIssue(input, maxItems, ast)
    if (issue !== undefined) return ParseResult.fail(issue)
    // A copy, like `Schema.Array` makes, so the result never shares the caller's array.
    const ids = Object.freeze((input as ReadonlyArray<Item>).slice())
    checked.add(ids)
    return ParseResult.succeed(ids)
  }
  return Schema.declare<ReadonlyArray<Item>, ReadonlyArray<string>, []>([], {
    decode: () => check,
    encode: () => check
  }, {
    description: `an array of at most ${maxItems} UUID(s)`,
    jsonSchema: { type: "array", items: uuidJsonSchema, maxItems },
    arbitrary: () => (fc) => fc.array(fc.uuid().map((id) => id as Item), { maxLength: maxItems }),
    equivalence: () => Equivalence.array(Equivalence.string),
    pretty: () => (ids) => `[${ids.map((id) => JSON.stringify(id)).join(", ")}]`
  })
}
