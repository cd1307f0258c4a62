import { assert, describe, it } from "@effect/vitest"
import { DateTime, Either, Schema } from "effect"
import {
  DeletionChallenge,
  ErrorBody,
  maxTransferredIds,
  TransferOwnershipRequest,
  TransferOwnershipResult,
  UserId
} from "../src/index.js"
import { loadSpec, specAbsentReason, specPresent } from "./spec.js"

const uuid = (n: number) => `550e8400-e29b-41d4-a716-${n.toString(16).padStart(12, "0")}`

const resultJson = (threatModels: number, surveyResponses: number) => ({
  threat_models_transferred: {
    count: threatModels,
    threat_model_ids: Array.from({ length: threatModels }, (_, i) => uuid(i))
  },
  survey_responses_transferred: {
    count: surveyResponses,
    survey_response_ids: Array.from({ length: surveyResponses }, (_, i) => uuid(100_000 + i))
  }
})

const decodes = <A, I>(schema: Schema.Schema<A, I>, input: unknown) =>
  Either.isRight(Schema.decodeUnknownEither(schema)(input))

describe("DeletionChallenge", () => {
  it("decodes snake_case into camelCase with expires_at as DateTime.Utc", () => {
    const challenge = Schema.decodeUnknownSync(DeletionChallenge)({
      challenge_text: "I am user a+b@example.com. My challenge token is abc-_=.",
      expires_at: "2026-01-20T16:00:00.123456Z"
    })
    assert.strictEqual(challenge.challengeText, "I am user a+b@example.com. My challenge token is abc-_=.")
    assert.isTrue(DateTime.isDateTime(challenge.expiresAt))
    assert.strictEqual(DateTime.formatIso(challenge.expiresAt), "2026-01-20T16:00:00.123Z")
  })

  it("accepts numeric offsets and converts them to UTC", () => {
    const challenge = Schema.decodeUnknownSync(DeletionChallenge)({
      challenge_text: "x",
      expires_at: "2026-01-20T18:00:00+02:00"
    })
    assert.strictEqual(DateTime.formatIso(challenge.expiresAt), "2026-01-20T16:00:00.000Z")
  })

  it("drops properties a newer server adds", () => {
    const challenge = Schema.decodeUnknownSync(DeletionChallenge)({
      challenge_text: "x",
      expires_at: "2026-01-20T16:00:00Z",
      issued_at: "2026-01-20T15:57:00Z"
    })
    assert.deepStrictEqual(Object.keys(Schema.encodeSync(DeletionChallenge)(challenge)).sort(), [
      "challenge_text",
      "expires_at"
    ])
  })

  it.each([
    ["a control character", { challenge_text: "line\nbreak", expires_at: "2026-01-20T16:00:00Z" }],
    ["over 1,000 characters", { challenge_text: "x".repeat(1001), expires_at: "2026-01-20T16:00:00Z" }],
    ["a date without seconds", { challenge_text: "x", expires_at: "2026-01-20T16:00Z" }],
    ["seven fractional digits", { challenge_text: "x", expires_at: "2026-01-20T16:00:00.1234567Z" }],
    ["a date without zone", { challenge_text: "x", expires_at: "2026-01-20T16:00:00" }],
    ["a missing expires_at", { challenge_text: "x" }]
  ])("refuses %s", (_, input) => {
    assert.isFalse(decodes(DeletionChallenge, input))
  })

  it("accepts exactly 1,000 characters", () => {
    assert.isTrue(decodes(DeletionChallenge, { challenge_text: "x".repeat(1000), expires_at: "2026-01-20T16:00:00Z" }))
  })
})

describe("TransferOwnershipRequest", () => {
  it("encodes exactly target_user_id", () => {
    const request = new TransferOwnershipRequest({ targetUserId: UserId.make(uuid(7)) })
    assert.deepStrictEqual(Schema.encodeSync(TransferOwnershipRequest)(request), { target_user_id: uuid(7) })
  })

  it("refuses a target that is not a UUID", () => {
    assert.isFalse(decodes(TransferOwnershipRequest, { target_user_id: "alice" }))
  })
})

describe("TransferOwnershipResult", () => {
  it("decodes both groups with branded ids", () => {
    const result = Schema.decodeUnknownSync(TransferOwnershipResult)(resultJson(2, 1))
    assert.strictEqual(result.threatModelsTransferred.count, 2)
    assert.deepStrictEqual<ReadonlyArray<string>>(result.threatModelsTransferred.threatModelIds, [uuid(0), uuid(1)])
    assert.deepStrictEqual<ReadonlyArray<string>>(result.surveyResponsesTransferred.surveyResponseIds, [uuid(100_000)])
  })

  it("round-trips to the exact wire form", () => {
    const wire = resultJson(3, 2)
    assert.deepStrictEqual(
      Schema.encodeSync(TransferOwnershipResult)(Schema.decodeUnknownSync(TransferOwnershipResult)(wire)),
      wire
    )
  })

  it("accepts 10,000 ids and refuses 10,001", () => {
    assert.isTrue(decodes(TransferOwnershipResult, resultJson(maxTransferredIds, 0)))
    assert.isFalse(decodes(TransferOwnershipResult, resultJson(maxTransferredIds + 1, 0)))
  })

  it.each([
    ["a negative count", { ...resultJson(0, 0), threat_models_transferred: { count: -1, threat_model_ids: [] } }],
    ["a fractional count", { ...resultJson(0, 0), threat_models_transferred: { count: 1.5, threat_model_ids: [] } }],
    ["an id that is not a UUID", {
      ...resultJson(0, 0),
      threat_models_transferred: { count: 1, threat_model_ids: ["x"] }
    }],
    ["a missing group", { threat_models_transferred: { count: 0, threat_model_ids: [] } }]
  ])("refuses %s", (_, input) => {
    assert.isFalse(decodes(TransferOwnershipResult, input))
  })
})

describe("ErrorBody", () => {
  it("decodes the required fields and the optional ones", () => {
    const body = Schema.decodeUnknownSync(ErrorBody)({
      error: "invalid_input",
      error_description: "Cannot transfer ownership to yourself",
      error_uri: "https://docs.example.com/errors/invalid_input",
      details: { code: "SELF_TRANSFER", context: { user: 1 }, suggestion: "pick someone else" }
    })
    assert.strictEqual(body.errorDescription, "Cannot transfer ownership to yourself")
    assert.strictEqual(body.details?.code, "SELF_TRANSFER")
  })

  it("refuses a body without error_description", () => {
    assert.isFalse(decodes(ErrorBody, { error: "server_error" }))
  })
})

describe.skipIf(!specPresent)("examples of the TMI contract", () => {
  const spec = specPresent ? loadSpec() : undefined
  const schemas = { DeletionChallenge, TransferOwnershipRequest, TransferOwnershipResult, Error: ErrorBody } as const

  it.each(Object.keys(schemas) as Array<keyof typeof schemas>)("decodes the example of %s", (name) => {
    const example = spec?.components.schemas[name]?.example
    assert.isDefined(example, `${name} has no example in the contract`)
    const decoded = Schema.decodeUnknownEither(schemas[name] as Schema.Schema<unknown, unknown>)(example)
    assert.isTrue(Either.isRight(decoded), `${name}: ${String(Either.isLeft(decoded) ? decoded.left : "")}`)
  })

  it("decodes every Error example in the responses of the Users operations", () => {
    const bodies: Array<unknown> = []
    const visit = (node: unknown): void => {
      if (typeof node !== "object" || node === null) return
      const record = node as Record<string, unknown>
      const schema = record.schema as Record<string, unknown> | undefined
      if (schema?.$ref === "#/components/schemas/Error") {
        if (record.example !== undefined) bodies.push(record.example)
        for (const entry of Object.values((record.examples ?? {}) as Record<string, { value?: unknown }>)) {
          bodies.push(entry.value)
        }
      }
      Object.values(record).forEach(visit)
    }
    visit(spec?.components.responses)
    for (const path of ["/me", "/me/logout", "/me/transfer"]) visit(spec?.paths[path])
    assert.isAbove(bodies.length, 3)
    for (const body of bodies) {
      assert.isTrue(decodes(ErrorBody, body), JSON.stringify(body))
    }
  })
})

if (!specPresent) {
  describe("examples of the TMI contract", () => {
    it.skip(specAbsentReason, () => {})
  })
}
