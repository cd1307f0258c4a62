import { assert, describe, it } from "@effect/vitest"
import { Either, JSONSchema, ParseResult, Schema } from "effect"
import { existsSync, readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { DeletionChallenge, ErrorBody, TransferOwnershipRequest, TransferOwnershipResult } from "../src/index.js"

// The contract is read where it lies, beside the repository, and never copied in.
const specPath = fileURLToPath(new URL("../../../../shared/tmi/tmi-openapi.json", import.meta.url))
const specPresent = existsSync(specPath)

type JsonObject = { readonly [key: string]: unknown }

const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** Our schema for each component of the contract, by the component's name. */
const models: Record<string, Schema.Schema.AnyNoContext> = {
  DeletionChallenge,
  TransferOwnershipRequest,
  TransferOwnershipResult,
  Error: ErrorBody
}

// =============================================================================
// Normalising a JSON Schema node, whichever side wrote it
// =============================================================================

/** What a node constrains, with references, `allOf`, nullability and regex spelling resolved. */
interface Constraints {
  readonly types: ReadonlyArray<string>
  readonly keywords: ReadonlyMap<string, unknown>
  readonly patterns: ReadonlyArray<string>
  readonly required: ReadonlyArray<string>
  readonly properties: ReadonlyMap<string, JsonObject>
  /** `"forbidden"`, `"any"`, or the schema extra properties must match. */
  readonly additionalProperties: "forbidden" | "any" | JsonObject
  readonly items: JsonObject | undefined
}

const upperBounds = ["maxLength", "maxItems", "maximum", "exclusiveMaximum"] as const
const lowerBounds = ["minLength", "minItems", "minimum", "exclusiveMinimum"] as const
const exactKeywords = ["format", "enum", "const", "multipleOf", "uniqueItems"] as const

const resolvePointer = (root: JsonObject, ref: string): JsonObject => {
  assert.isTrue(ref.startsWith("#/"), `only local references are followed, got ${ref}`)
  const target = ref.slice(2).split("/").reduce<unknown>(
    (node, segment) => isObject(node) ? node[segment.replace(/~1/g, "/").replace(/~0/g, "~")] : undefined,
    root
  )
  assert.isTrue(isObject(target), `unresolved reference ${ref}`)
  return target as JsonObject
}

/**
 * Spelling differences that mean the same regular expression, such as `/` against `\/`, are
 * removed by letting JavaScript, whose dialect JSON Schema patterns use, write it back.
 */
const canonicalPattern = (pattern: string): string => new RegExp(pattern, "u").source

/**
 * effect writes `format: "uuid"` together with the pattern that spells the format out. A
 * pattern that only restates its node's format adds nothing, so it is not compared.
 */
const writtenUuid: JsonObject = {
  ...JSONSchema.fromAST(Schema.UUID.ast, { definitions: {}, topLevelReferenceStrategy: "skip" })
}
const patternsImpliedByFormat: ReadonlyMap<string, string> = new Map([
  ["uuid", canonicalPattern(String(writtenUuid.pattern))]
])

/** JSON Schema's "anything goes": no keyword, `true`, `{}`, or effect's `unknown` / `any`. */
const isUnconstrained = (node: unknown): boolean =>
  node === undefined || node === true ||
  (isObject(node) &&
    (Object.keys(node).length === 0 || node.$id === "/schemas/unknown" || node.$id === "/schemas/any"))

/** Splits `anyOf: [X, { type: "null" }]` (ours) and `nullable: true` (OpenAPI 3.0) alike. */
const splitNullable = (
  root: JsonObject,
  node: JsonObject
): { readonly node: JsonObject; readonly nullable: boolean } => {
  const union = node.anyOf ?? node.oneOf
  if (Array.isArray(union)) {
    const members = union.filter(isObject)
    const others = members.filter((member) => member.type !== "null")
    assert.strictEqual(others.length, 1, `only "X or null" unions are compared, got ${JSON.stringify(node)}`)
    return { node: others[0]!, nullable: others.length < members.length || node.nullable === true }
  }
  if (typeof node.$ref === "string" && Object.keys(node).length === 1) {
    return splitNullable(root, resolvePointer(root, node.$ref))
  }
  return { node, nullable: node.nullable === true }
}

const constraintsOf = (root: JsonObject, input: JsonObject): Constraints => {
  const { node, nullable } = splitNullable(root, input)
  const parts: Array<JsonObject> = []
  const collect = (part: JsonObject): void => {
    if (typeof part.$ref === "string") collect(resolvePointer(root, part.$ref))
    if (Array.isArray(part.allOf)) part.allOf.filter(isObject).forEach(collect)
    parts.push(part)
  }
  collect(node)

  const types = new Set<string>(nullable ? ["null"] : [])
  const keywords = new Map<string, unknown>()
  const patterns = new Set<string>()
  const required = new Set<string>()
  const properties = new Map<string, JsonObject>()
  let additionalProperties: Constraints["additionalProperties"] = "any"
  let items: JsonObject | undefined
  for (const part of parts) {
    if (typeof part.type === "string") types.add(part.type)
    if (Array.isArray(part.type)) part.type.forEach((type) => types.add(String(type)))
    for (const name of upperBounds) {
      if (typeof part[name] === "number") {
        keywords.set(name, Math.min(part[name], Number(keywords.get(name) ?? Infinity)))
      }
    }
    for (const name of lowerBounds) {
      if (typeof part[name] === "number") {
        keywords.set(name, Math.max(part[name], Number(keywords.get(name) ?? -Infinity)))
      }
    }
    for (const name of exactKeywords) if (part[name] !== undefined) keywords.set(name, part[name])
    if (typeof part.pattern === "string") patterns.add(canonicalPattern(part.pattern))
    if (Array.isArray(part.required)) part.required.forEach((name) => required.add(String(name)))
    if (isObject(part.properties)) {
      for (const [name, schema] of Object.entries(part.properties)) if (isObject(schema)) properties.set(name, schema)
    }
    if (part.additionalProperties === false) additionalProperties = "forbidden"
    else if (!isUnconstrained(part.additionalProperties)) additionalProperties = part.additionalProperties as JsonObject
    if (isObject(part.items)) items = part.items
  }
  const impliedPattern = patternsImpliedByFormat.get(String(keywords.get("format")))
  if (impliedPattern !== undefined) patterns.delete(impliedPattern)
  return {
    types: [...types].sort(),
    keywords,
    patterns: [...patterns].sort(),
    required: [...required].sort(),
    properties,
    additionalProperties,
    items
  }
}

// =============================================================================
// Comparing ours with the contract's, property by property
// =============================================================================

interface Side {
  readonly root: JsonObject
  readonly node: JsonObject
}

const show = (value: unknown): string => value === undefined ? "(none)" : JSON.stringify(value)

/** Every difference between our encoded-side schema and the contract's, as `path: what`. */
const compare = (path: string, ours: Side, spec: Side): Array<string> => {
  const a = constraintsOf(ours.root, ours.node)
  const b = constraintsOf(spec.root, spec.node)
  const differences: Array<string> = []
  const differ = (what: string, mine: unknown, theirs: unknown) =>
    differences.push(`${path}: ${what}: ours ${show(mine)}, contract ${show(theirs)}`)

  if (show(a.types) !== show(b.types)) differ("type", a.types, b.types)
  for (const name of new Set([...a.keywords.keys(), ...b.keywords.keys()])) {
    if (show(a.keywords.get(name)) !== show(b.keywords.get(name))) {
      differ(name, a.keywords.get(name), b.keywords.get(name))
    }
  }
  for (const pattern of a.patterns) if (!b.patterns.includes(pattern)) differ("pattern", pattern, undefined)
  for (const pattern of b.patterns) if (!a.patterns.includes(pattern)) differ("pattern", undefined, pattern)
  for (const name of a.required) if (!b.required.includes(name)) differ(`required ${name}`, true, false)
  for (const name of b.required) if (!a.required.includes(name)) differ(`required ${name}`, false, true)

  for (const [name, schema] of a.properties) {
    const theirs = b.properties.get(name)
    if (theirs === undefined) differ(`property ${name}`, "defined", undefined)
    else differences.push(...compare(`${path}.${name}`, { ...ours, node: schema }, { ...spec, node: theirs }))
  }
  for (const name of b.properties.keys()) if (!a.properties.has(name)) differ(`property ${name}`, undefined, "defined")

  if (typeof a.additionalProperties === "string" || typeof b.additionalProperties === "string") {
    if (a.additionalProperties !== b.additionalProperties) {
      differ("additionalProperties", a.additionalProperties, b.additionalProperties)
    }
  } else {
    differences.push(
      ...compare(`${path}.*`, { ...ours, node: a.additionalProperties }, { ...spec, node: b.additionalProperties })
    )
  }

  if (a.items !== undefined && b.items !== undefined) {
    differences.push(...compare(`${path}[]`, { ...ours, node: a.items }, { ...spec, node: b.items }))
  } else if (a.items !== b.items) {
    differ("items", a.items, b.items)
  }
  return differences
}

/** The wire side of a model, with every constraint that holds before it is transformed. */
const encodedSide = (schema: Schema.Schema.AnyNoContext): Side => {
  const root: JsonObject = { ...JSONSchema.make(Schema.encodedBoundSchema(schema)) }
  return { root, node: root }
}

/**
 * Where our schemas knowingly differ from the contract. Each entry must still occur, so one
 * that has been put right fails the test until it is removed here.
 */
/** Where our schemas knowingly differ from the contract, with why; none today. */
const knownDeviations: ReadonlyArray<{ readonly difference: string; readonly why: string }> = []

// =============================================================================
// Examples in the contract, wherever a body is one of our models
// =============================================================================

interface Example {
  readonly where: string
  readonly model: string
  readonly value: unknown
}

const componentRef = "#/components/schemas/"

/** The examples of every media type whose schema is one of our models, and of the models themselves. */
const examplesIn = (spec: JsonObject): Array<Example> => {
  const found: Array<Example> = []
  const schemas = resolvePointer(spec, "#/components/schemas")
  for (const model of Object.keys(models)) {
    const schema = schemas[model]
    if (isObject(schema) && schema.example !== undefined) {
      found.push({ where: `components.schemas.${model}.example`, model, value: schema.example })
    }
  }
  const visit = (node: unknown, where: string): void => {
    if (!isObject(node)) return
    const ref = isObject(node.schema) ? node.schema.$ref : undefined
    const model = typeof ref === "string" && ref.startsWith(componentRef) ? ref.slice(componentRef.length) : undefined
    if (model !== undefined && model in models) {
      if (node.example !== undefined) found.push({ where: `${where}.example`, model, value: node.example })
      if (isObject(node.examples)) {
        for (const [name, example] of Object.entries(node.examples)) {
          if (isObject(example) && example.value !== undefined) {
            found.push({ where: `${where}.examples.${name}`, model, value: example.value })
          }
        }
      }
    }
    for (const [key, child] of Object.entries(node)) visit(child, `${where}.${key}`)
  }
  visit(spec.components, "components")
  const paths = resolvePointer(spec, "#/paths")
  for (const path of ["/me", "/me/logout", "/me/transfer"]) visit(paths[path], `paths.${path}`)
  return found
}

// =============================================================================

if (specPresent) {
  const spec = JSON.parse(readFileSync(specPath, "utf8")) as JsonObject
  const version = String(resolvePointer(spec, "#/info").version)

  describe(`JSON Schema of our models against TMI ${version}`, () => {
    const differencesOf = (model: string) =>
      compare(
        model,
        encodedSide(models[model]!),
        { root: spec, node: resolvePointer(spec, `${componentRef}${model}`) }
      )

    it.each(Object.keys(models))("%s has the contract's properties, types and constraints", (model) => {
      const known = knownDeviations.map((deviation) => deviation.difference)
      const differences = differencesOf(model)
      assert.deepStrictEqual(differences.filter((difference) => !known.includes(difference)), [])
      const stale = known.filter((difference) =>
        difference.startsWith(`${model}.`) && !differences.includes(difference)
      )
      assert.deepStrictEqual(stale, [], "known deviations that no longer occur: remove them from knownDeviations")
    })

    it("reports each difference by its path", () => {
      const drifted = Schema.Struct({ target_user_id: Schema.String, note: Schema.optional(Schema.String) })
      assert.deepStrictEqual(
        compare(
          "TransferOwnershipRequest",
          encodedSide(drifted),
          { root: spec, node: resolvePointer(spec, `${componentRef}TransferOwnershipRequest`) }
        ),
        [
          "TransferOwnershipRequest.target_user_id: format: ours (none), contract \"uuid\"",
          "TransferOwnershipRequest: property note: ours \"defined\", contract (none)"
        ]
      )
    })
  })

  describe(`examples of TMI ${version}`, () => {
    const examples = examplesIn(spec)

    it("finds an example for every model", () => {
      assert.deepStrictEqual([...new Set(examples.map((example) => example.model))].sort(), Object.keys(models).sort())
    })

    it.each(examples.map((example) => [example.where, example] as const))(
      "decodes %s exactly, with no property left unread",
      (_, example) => {
        const decoded = Schema.decodeUnknownEither(models[example.model]!, {
          errors: "all",
          onExcessProperty: "error"
        })(example.value)
        if (Either.isLeft(decoded)) assert.fail(ParseResult.TreeFormatter.formatErrorSync(decoded.left))
      }
    )
  })
} else {
  describe("JSON Schema of our models against the TMI contract", () => {
    it.skip(`needs the TMI contract at ${specPath}`, () => {})
  })
}
