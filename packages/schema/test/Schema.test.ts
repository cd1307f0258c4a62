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
