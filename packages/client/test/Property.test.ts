import { assert, describe, it } from "@effect/vitest"
import { DeletionChallenge, ErrorBody, TransferOwnershipRequest, TransferOwnershipResult } from "@tmi-effect/schema"
import { Arbitrary, Cause, Effect, Exit, FastCheck, Layer, Schema } from "effect"
import { TmiError, UsersApi } from "../src/index.js"
import { clientLayer } from "./utils.js"

const bob = "550e8400-e29b-41d4-a716-446655440099"
const challengeText = "I am user a@b.c. My challenge token is x."

interface Scripted {
  readonly status: number
  readonly headers: ReadonlyArray<readonly [string, string]>
  readonly body: string
}

const validBodies = [
  JSON.stringify({ challenge_text: challengeText, expires_at: "2099-01-01T00:00:00Z" }),
  JSON.stringify({
    threat_models_transferred: { count: 0, threat_model_ids: [] },
    survey_responses_transferred: { count: 0, survey_response_ids: [] }
  }),
  JSON.stringify({ error: "invalid_challenge", error_description: "Invalid or expired challenge" }),
  ""
]

const headerValue = FastCheck.oneof(
  FastCheck.string({ maxLength: 40 }).map((value) => value.replace(/[\r\n\0]/g, " ")),
  FastCheck.integer({ min: -5, max: 100_000 }).map(String),
  FastCheck.date({ noInvalidDate: true }).map((date) => date.toUTCString()),
  FastCheck.constantFrom("Bearer", "Bearer realm=\"tmi\", error=\"x", "Basic abc", "\"", ",,,=")
)

const scripted: FastCheck.Arbitrary<Scripted> = FastCheck.record({
  status: FastCheck.oneof(
    FastCheck.constantFrom(200, 204, 400, 401, 404, 429, 500, 503),
    FastCheck.integer({ min: 200, max: 599 })
  ),
  headers: FastCheck.array(
    FastCheck.tuple(
      FastCheck.constantFrom(
        "retry-after",
        "date",
        "www-authenticate",
        "x-request-id",
        "x-ratelimit-limit",
        "location"
      ),
      headerValue
    ),
    { maxLength: 4 }
  ),
  body: FastCheck.oneof(
    FastCheck.constantFrom(...validBodies),
    FastCheck.json(),
    FastCheck.string({ maxLength: 300 }),
    FastCheck.constantFrom("<html><body>502 Bad Gateway</body></html>", "{\"error\":", "null", "[]")
  )
})

const toResponse = ({ body, headers, status }: Scripted) => {
  const withoutBody = status === 204 || status === 205 || status === 304
  return new Response(withoutBody ? null : body, {
    status,
    headers: headers.map(([name, value]): [string, string] => [name, value])
  })
}

const isTmiError = Schema.is(TmiError.TmiError)

describe("any answer", () => {
  it("ends in a success or a typed error, never a defect (1,000 runs)", async () => {
    let current: Scripted = { status: 204, headers: [], body: "" }
    const { layer } = clientLayer(() => toResponse(current))
    const runtime = await Effect.runPromise(Layer.toRuntime(layer).pipe(Effect.scoped))
    const calls: Array<(api: UsersApi.Service) => Effect.Effect<unknown, TmiError.TmiError>> = [
      (api) => api.deleteUserAccount(),
      (api) => api.deleteUserAccount(challengeText),
      (api) => api.logoutCurrentUser(),
      (api) => api.transferCurrentUserOwnership(bob)
    ]
    await FastCheck.assert(
      FastCheck.asyncProperty(scripted, FastCheck.integer({ min: 0, max: calls.length - 1 }), async (answer, which) => {
        current = answer
        const exit = await Effect.runPromiseExit(
          Effect.flatMap(UsersApi.UsersApi, calls[which]!).pipe(Effect.provide(runtime))
        )
        if (Exit.isSuccess(exit)) return true
        const failure = Cause.failureOption(exit.cause)
        return failure._tag === "Some" && isTmiError(failure.value) && !Cause.isDie(exit.cause)
      }),
      { numRuns: 1000 }
    )
  })
})

describe("schemas", () => {
  const models = { DeletionChallenge, TransferOwnershipRequest, TransferOwnershipResult, ErrorBody } as const

  it.each(Object.keys(models) as Array<keyof typeof models>)(
    "%s round-trips every value its Arbitrary makes",
    (name) => {
      const schema = models[name] as unknown as Schema.Schema<unknown, unknown>
      const encode = Schema.encodeSync(schema)
      const decode = Schema.decodeUnknownSync(schema)
      let runs = 0
      FastCheck.assert(
        FastCheck.property(Arbitrary.make(schema), (value) => {
          runs++
          // Through real JSON text, as on the wire: what decodes must encode back to the same JSON.
          const wire = JSON.parse(JSON.stringify(encode(value)))
          assert.deepStrictEqual(JSON.parse(JSON.stringify(encode(decode(wire)))), wire)
        }),
        { numRuns: 300 }
      )
      assert.strictEqual(runs, 300)
    }
  )

  it.each(["DeletionChallenge", "TransferOwnershipRequest", "TransferOwnershipResult"] as const)(
    "%s decodes back to a value equivalent to the one encoded",
    (name) => {
      const schema = models[name] as unknown as Schema.Schema<unknown, unknown>
      const equivalent = Schema.equivalence(schema)
      const encode = Schema.encodeSync(schema)
      const decode = Schema.decodeUnknownSync(schema)
      FastCheck.assert(
        FastCheck.property(
          Arbitrary.make(schema),
          (value) => equivalent(decode(JSON.parse(JSON.stringify(encode(value)))), value)
        ),
        { numRuns: 300 }
      )
    }
  )
})
