import { assert, describe, it } from "@effect/vitest"
import { DeletionChallenge, ErrorBody, TransferOwnershipResult } from "@tmi-effect/schema"
import { DateTime, Effect, Fiber, Layer, Option, Redacted, Schema, TestClock } from "effect"
import type { Redacted as R } from "effect"
import { UsersApi } from "../src/index.js"
import { FakeTmi, Fault } from "../src/testing/index.js"
import { authenticationRequired, confirmPath, send, transferBody } from "./FakeTmiHelpers.js"

const withFake = <A, E, Rq>(effect: Effect.Effect<A, E, Rq>, options: FakeTmi.Options = {}) =>
  Effect.provide(effect, FakeTmi.layerInProcess(options))

const asUser = (token: R.Redacted<string>) => <A, E>(effect: Effect.Effect<A, E, UsersApi.UsersApi>) =>
  Effect.provide(effect, Layer.orDie(FakeTmi.layerUsersApi(token)))

const users = UsersApi.UsersApi

/** Decodes exactly: a property the contract does not define fails the test. */
const decodeExactly = <A, I>(schema: Schema.Schema<A, I>, body: unknown) =>
  Schema.decodeUnknownSync(schema, { onExcessProperty: "error" })(body)

const seedPair = Effect.gen(function*() {
  const fake = yield* FakeTmi.FakeTmi
  const alice = yield* fake.createUser({ email: "alice+tmi@example.com" })
  const bob = yield* fake.createUser({ email: "bob@example.com" })
  return { fake, alice, bob }
})

describe("FakeTmi", () => {
  describe("deletion challenge", () => {
    it.effect("is issued in the server's format with a 32-byte URL-safe token, for 3 minutes", () =>
      withFake(Effect.gen(function*() {
        const { alice } = yield* seedPair

        const answer = yield* send("DELETE", "/me", { token: alice.token })

        assert.strictEqual(answer.status, 200)
        const challenge = decodeExactly(DeletionChallenge, answer.body)
        const match =
          /^I am user alice\+tmi@example\.com\. I want to delete all my data\. [^.]+\. My challenge token is ([A-Za-z0-9_=-]+)\.$/
            .exec(challenge.challengeText)
        assert.isNotNull(match)
        const token = match![1]!
        assert.strictEqual(token.length, 44)
        assert.strictEqual(Buffer.from(token, "base64url").length, 32)
        assert.strictEqual(answer.headers["date"], "Thu, 01 Jan 1970 00:00:00 GMT")
        assert.strictEqual(
          answer.body && (answer.body as { expires_at: string }).expires_at,
          "1970-01-01T00:03:00.000Z"
        )
      })))

    it.effect("is a fresh one on every call, and only the newest is accepted", () =>
      withFake(Effect.gen(function*() {
        const { alice } = yield* seedPair
        const first = yield* users.pipe(Effect.flatMap((api) => api.deleteUserAccount()), asUser(alice.token))
        const second = yield* users.pipe(Effect.flatMap((api) => api.deleteUserAccount()), asUser(alice.token))
        assert.notStrictEqual(first.challengeText, second.challengeText)

        const stale = yield* send("DELETE", confirmPath(first.challengeText), { token: alice.token })
        const fresh = yield* send("DELETE", confirmPath(second.challengeText), { token: alice.token })

        assert.strictEqual(stale.status, 400)
        assert.deepStrictEqual(stale.body, {
          error: "invalid_challenge",
          error_description: "Invalid or expired challenge"
        })
        assert.strictEqual(fresh.status, 204)
      })))

    it.effect("must match exactly: a changed text is refused and the real one still works", () =>
      withFake(Effect.gen(function*() {
        const { alice, fake } = yield* seedPair
        const challenge = yield* users.pipe(Effect.flatMap((api) => api.deleteUserAccount()), asUser(alice.token))
        const text = challenge.challengeText

        for (const wrong of [`${text} `, text.toUpperCase(), text.slice(0, -1), text.replace("+", " ")]) {
          const refused = yield* send("DELETE", confirmPath(wrong), { token: alice.token })
          assert.strictEqual(refused.status, 400)
          assert.deepStrictEqual(decodeExactly(ErrorBody, refused.body).error, "invalid_challenge")
        }
        yield* users.pipe(Effect.flatMap((api) => api.deleteUserAccount(challenge)), asUser(alice.token))

        assert.isTrue(Option.isNone(yield* fake.user(alice.id)))
      })))

    it.effect("is single use: once accepted it is gone", () =>
      withFake(Effect.gen(function*() {
        const { alice, fake } = yield* seedPair
        const challenge = yield* users.pipe(Effect.flatMap((api) => api.deleteUserAccount()), asUser(alice.token))
        assert.strictEqual((yield* fake.snapshot).pendingChallenges.length, 1)

        yield* users.pipe(Effect.flatMap((api) => api.deleteUserAccount(challenge)), asUser(alice.token))

        assert.deepStrictEqual((yield* fake.snapshot).pendingChallenges, [])
        // A second confirmation cannot even authenticate: deleting revoked the token.
        const again = yield* send("DELETE", confirmPath(challenge.challengeText), { token: alice.token })
        assert.strictEqual(again.status, 401)
      })))

    it.effect("expires after 3 minutes on the Clock", () =>
      withFake(Effect.gen(function*() {
        const { alice, fake } = yield* seedPair
        const challenge = yield* users.pipe(Effect.flatMap((api) => api.deleteUserAccount()), asUser(alice.token))

        yield* TestClock.adjust("3 minutes")
        // Sent as plain text, the client cannot check the expiry itself: the server refuses.
        const error = yield* users.pipe(
          Effect.flatMap((api) => api.deleteUserAccount(challenge.challengeText)),
          asUser(alice.token),
          Effect.flip
        )

        assert.strictEqual(error._tag, "ChallengeMismatch")
        assert.strictEqual(error._tag === "ChallengeMismatch" && error.errorCode, "invalid_challenge")
        assert.isTrue(Option.isSome(yield* fake.user(alice.id)))
        assert.deepStrictEqual((yield* fake.snapshot).pendingChallenges, [])
      })))

    it.effect("is still good a moment before the 3 minutes are up", () =>
      withFake(Effect.gen(function*() {
        const { alice, fake } = yield* seedPair
        const challenge = yield* users.pipe(Effect.flatMap((api) => api.deleteUserAccount()), asUser(alice.token))
        // The client counts the grant a second short: the `Date` header has whole seconds only.
        assert.isTrue(DateTime.Equivalence(challenge.expiresAt, DateTime.unsafeMake(179_000)))

        yield* TestClock.adjust("179 seconds")
        // Sent as text, so the client's own, more cautious, deadline does not stop it.
        yield* users.pipe(
          Effect.flatMap((api) => api.deleteUserAccount(challenge.challengeText)),
          asUser(alice.token)
        )

        assert.isTrue(Option.isNone(yield* fake.user(alice.id)))
      })))
  })

  describe("deletion", () => {
    it.effect("passes shared threat models to another owner, deletes the rest, and revokes the token", () =>
      withFake(Effect.gen(function*() {
        const { alice, bob, fake } = yield* seedPair
        const carol = yield* fake.createUser({ email: "carol@example.com" })
        const shared = yield* fake.createThreatModel({
          owner: alice.id,
          authorization: [{ userId: bob.id, role: "writer" }, { userId: carol.id, role: "owner" }]
        })
        const writersOnly = yield* fake.createThreatModel({
          owner: alice.id,
          authorization: [{ userId: bob.id, role: "writer" }]
        })
        const bobs = yield* fake.createThreatModel({
          owner: bob.id,
          authorization: [{ userId: alice.id, role: "writer" }]
        })
        const survey = yield* fake.createSurveyResponse({ owner: alice.id })
        const spareToken = yield* fake.issueToken(alice.id)

        yield* UsersApi.deleteAccount(() => Effect.succeed(true)).pipe(asUser(alice.token))

        const kept = Option.getOrThrow(yield* fake.threatModel(shared.id))
        assert.strictEqual(kept.owner, carol.id)
        assert.deepStrictEqual(kept.authorization.map((grant) => grant.userId).sort(), [bob.id, carol.id].sort())
        assert.isTrue(Option.isNone(yield* fake.threatModel(writersOnly.id)))
        assert.isTrue(Option.isNone(yield* fake.surveyResponse(survey.id)))
        assert.deepStrictEqual(Option.getOrThrow(yield* fake.threatModel(bobs.id)).authorization, [
          { userId: bob.id, role: "owner" }
        ])
        assert.strictEqual(yield* fake.tokenStatus(alice.token), "Revoked")
        assert.strictEqual(yield* fake.tokenStatus(spareToken), "Revoked")
        const refused = yield* send("POST", "/me/logout", { token: spareToken })
        assert.strictEqual(refused.status, 401)
      })))
  })

  describe("logout", () => {
    it.effect("revokes the presented token only", () =>
      withFake(Effect.gen(function*() {
        const { alice, fake } = yield* seedPair
        const laptop = yield* fake.issueToken(alice.id)

        const answer = yield* send("POST", "/me/logout", { token: alice.token })

        assert.strictEqual(answer.status, 204)
        assert.strictEqual(answer.text, "")
        assert.isString(answer.headers["x-request-id"])
        assert.strictEqual(yield* fake.tokenStatus(alice.token), "Revoked")
        assert.strictEqual(yield* fake.tokenStatus(laptop), "Active")
        assert.strictEqual((yield* send("DELETE", "/me", { token: alice.token })).status, 401)
        assert.strictEqual((yield* send("DELETE", "/me", { token: laptop })).status, 200)
      })))
  })

  describe("transfer", () => {
    it.effect("moves everything the caller owns and leaves the caller a writer", () =>
      withFake(Effect.gen(function*() {
        const { alice, bob, fake } = yield* seedPair
        const models = yield* Effect.forEach([1, 2, 3], () => fake.createThreatModel({ owner: alice.id }))
        const survey = yield* fake.createSurveyResponse({ owner: alice.id })
        const notAlices = yield* fake.createThreatModel({ owner: bob.id })

        const answer = yield* send("POST", "/me/transfer", { token: alice.token, body: transferBody(bob.id) })

        assert.strictEqual(answer.status, 200)
        const result = decodeExactly(TransferOwnershipResult, answer.body)
        assert.strictEqual(result.threatModelsTransferred.count, 3)
        assert.deepStrictEqual(result.threatModelsTransferred.threatModelIds, models.map((model) => model.id))
        assert.strictEqual(
          result.surveyResponsesTransferred.count,
          result.surveyResponsesTransferred.surveyResponseIds.length
        )
        assert.deepStrictEqual(result.surveyResponsesTransferred.surveyResponseIds, [survey.id])
        const owned = yield* fake.ownedBy(bob.id)
        assert.strictEqual(owned.threatModels.length, 4)
        for (const model of owned.threatModels.filter((model) => model.id !== notAlices.id)) {
          assert.deepStrictEqual(
            [...model.authorization].sort((a, b) => a.role.localeCompare(b.role)),
            [{ userId: bob.id, role: "owner" }, { userId: alice.id, role: "writer" }]
          )
        }
        assert.deepStrictEqual((yield* fake.ownedBy(alice.id)).threatModels, [])
      })))

    it.effect("with nothing to move answers empty lists", () =>
      withFake(Effect.gen(function*() {
        const { alice, bob } = yield* seedPair
        const result = yield* users.pipe(
          Effect.flatMap((api) => api.transferCurrentUserOwnership(bob.id)),
          asUser(alice.token)
        )
        assert.strictEqual(result.threatModelsTransferred.count, 0)
        assert.deepStrictEqual(result.surveyResponsesTransferred.surveyResponseIds, [])
      })))

    it.effect("refuses a transfer to yourself", () =>
      withFake(Effect.gen(function*() {
        const { alice } = yield* seedPair
        const error = yield* users.pipe(
          Effect.flatMap((api) => api.transferCurrentUserOwnership(alice.id.toUpperCase())),
          asUser(alice.token),
          Effect.flip
        )
        assert.strictEqual(error._tag, "InvalidRequest")
        assert.include(error, { status: 400, errorCode: "invalid_input" })
        assert.strictEqual(
          error._tag === "InvalidRequest" && error.errorDescription,
          "Cannot transfer ownership to yourself"
        )
      })))

    it.effect("answers 404 for a target that does not exist", () =>
      withFake(Effect.gen(function*() {
        const { alice } = yield* seedPair
        const error = yield* users.pipe(
          Effect.flatMap((api) => api.transferCurrentUserOwnership("00000000-0000-4000-8000-000000000000")),
          asUser(alice.token),
          Effect.flip
        )
        assert.strictEqual(error._tag, "NotFound")
        assert.include(error, { status: 404, errorCode: "not_found" })
      })))

    it.effect.each<readonly [what: string, body: string | undefined, mention: string]>([
      ["a non-UUID target", JSON.stringify({ target_user_id: "bob" }), "Invalid target_user_id: must be a UUID"],
      ["an extra property", JSON.stringify({ target_user_id: "00000000-0000-4000-8000-000000000000", x: 1 }), "x"],
      ["a target that is not a string", JSON.stringify({ target_user_id: 7 }), "target_user_id"],
      ["an array", "[]", "JSON object"],
      ["no body", undefined, "required"]
    ])("answers 400 invalid_input for %s", ([, body, mention]) =>
      withFake(Effect.gen(function*() {
        const { alice, fake } = yield* seedPair
        yield* fake.createThreatModel({ owner: alice.id })

        const answer = yield* send("POST", "/me/transfer", { token: alice.token, body })

        assert.strictEqual(answer.status, 400)
        const error = decodeExactly(ErrorBody, answer.body)
        assert.strictEqual(error.error, "invalid_input")
        assert.include(error.errorDescription, mention)
        assert.strictEqual((yield* fake.ownedBy(alice.id)).threatModels.length, 1)
      })))
  })

  describe("the order of checks", () => {
    it.effect("content type first, then strict JSON, then the token, then validation", () =>
      withFake(Effect.gen(function*() {
        const { alice } = yield* seedPair
        const extra = JSON.stringify({ target_user_id: alice.id, x: 1 })

        const wrongType = yield* send("POST", "/me/transfer", { body: "{", contentType: "text/plain" })
        const malformed = yield* send("POST", "/me/transfer", { body: "{\"target_user_id\": " })
        const noToken = yield* send("POST", "/me/transfer", { body: extra })
        const validated = yield* send("POST", "/me/transfer", { body: extra, token: alice.token })

        assert.strictEqual(wrongType.status, 415)
        assert.strictEqual(decodeExactly(ErrorBody, wrongType.body).error, "unsupported_media_type")
        assert.strictEqual(malformed.status, 400)
        assert.strictEqual(decodeExactly(ErrorBody, malformed.body).error, "invalid_input")
        assert.strictEqual(noToken.status, 401)
        assert.strictEqual(validated.status, 400)
        assert.include(decodeExactly(ErrorBody, validated.body).errorDescription, "\"x\"")
      })))

    it.effect.each<readonly [what: string, headers: Record<string, string>]>([
      ["no Authorization header", {}],
      ["an unknown token", { authorization: "Bearer not-a-token" }],
      ["another scheme", { authorization: "Basic YWxpY2U6c2VjcmV0" }],
      ["an empty bearer token", { authorization: "Bearer " }]
    ])("answers 401 without WWW-Authenticate for %s", ([, headers]) =>
      withFake(Effect.gen(function*() {
        yield* seedPair
        const answer = yield* send("DELETE", "/me", { headers })
        assert.strictEqual(answer.status, 401)
        assert.deepStrictEqual(answer.body, authenticationRequired)
        assert.isUndefined(answer.headers["www-authenticate"])
      })))

    it.effect("a revoked token gets the same 401, and the client reads it as Unauthorized", () =>
      withFake(Effect.gen(function*() {
        const { alice, fake } = yield* seedPair
        const copy = Redacted.make(Redacted.value(alice.token))
        yield* users.pipe(Effect.flatMap((api) => api.logoutCurrentUser()), asUser(alice.token))

        const error = yield* users.pipe(Effect.flatMap((api) => api.deleteUserAccount()), asUser(copy), Effect.flip)

        assert.strictEqual(error._tag, "Unauthorized")
        assert.include(error, { status: 401, reason: "Rejected", errorCode: "unauthorized" })
        assert.isUndefined(error._tag === "Unauthorized" ? error.challenge : "")
        assert.strictEqual(yield* fake.tokenStatus(copy), "Revoked")
      })))

    it.effect("answers 404 off the Users API and 405 with Allow on its paths", () =>
      withFake(Effect.gen(function*() {
        const { alice } = yield* seedPair
        const unknown = yield* send("GET", "/users", { token: alice.token })
        const wrongMethod = yield* send("PUT", "/me/logout", { token: alice.token })

        assert.strictEqual(unknown.status, 404)
        assert.strictEqual(decodeExactly(ErrorBody, unknown.body).error, "not_found")
        assert.strictEqual(wrongMethod.status, 405)
        assert.strictEqual(wrongMethod.headers["allow"], "POST")
      })))
  })

  describe("headers", () => {
    it.effect("every answer has Date from the Clock and an X-Request-ID, echoing a sane one", () =>
      withFake(Effect.gen(function*() {
        const { alice } = yield* seedPair
        yield* TestClock.adjust("90 seconds")

        const generated = yield* send("DELETE", "/me", { token: alice.token })
        const echoed = yield* send("DELETE", "/me", { token: alice.token, headers: { "x-request-id": "req-42" } })
        const refused = yield* send("DELETE", "/me", { headers: { "x-request-id": "bad id\u00e9" } })

        assert.strictEqual(generated.headers["date"], "Thu, 01 Jan 1970 00:01:30 GMT")
        assert.match(generated.headers["x-request-id"] ?? "", /^[0-9a-f-]{36}$/)
        assert.strictEqual(echoed.headers["x-request-id"], "req-42")
        assert.match(refused.headers["x-request-id"] ?? "", /^[0-9a-f-]{36}$/)
      })))

    it.effect("counts requests per user and answers 429 with Retry-After past the limit", () =>
      withFake(
        Effect.gen(function*() {
          const { alice, bob } = yield* seedPair

          const first = yield* send("DELETE", "/me", { token: alice.token })
          const second = yield* send("DELETE", "/me", { token: alice.token })
          const third = yield* send("DELETE", "/me", { token: alice.token })
          const bobsFirst = yield* send("DELETE", "/me", { token: bob.token })
          yield* TestClock.adjust("1 minute")
          const later = yield* send("DELETE", "/me", { token: alice.token })

          assert.deepStrictEqual(
            [first, second].map((answer) => answer.headers["x-ratelimit-remaining"]),
            ["1", "0"]
          )
          assert.strictEqual(first.headers["x-ratelimit-limit"], "2")
          assert.strictEqual(first.headers["x-ratelimit-reset"], "60")
          assert.strictEqual(third.status, 429)
          assert.strictEqual(third.headers["retry-after"], "60")
          assert.strictEqual(decodeExactly(ErrorBody, third.body).error, "rate_limit_exceeded")
          assert.strictEqual(bobsFirst.status, 200)
          assert.strictEqual(later.status, 200)
        }),
        { rateLimit: { limit: 2, window: "1 minute" } }
      ))
  })

  describe("faults", () => {
    it.effect("a 429 reaches the client as RateLimited with its Retry-After, for the next request only", () =>
      withFake(Effect.gen(function*() {
        const { alice, fake } = yield* seedPair
        yield* fake.inject(Fault.status(429, { retryAfter: "2 seconds" }), { times: 1 })

        const error = yield* users.pipe(
          Effect.flatMap((api) => api.deleteUserAccount()),
          asUser(alice.token),
          Effect.flip
        )
        const next = yield* send("DELETE", "/me", { token: alice.token })

        assert.strictEqual(error._tag, "RateLimited")
        assert.strictEqual(error._tag === "RateLimited" && error.retryAfter !== undefined, true)
        assert.strictEqual(next.status, 200)
      })))

    it.effect("a 503 carries Retry-After 30 by default and changes nothing", () =>
      withFake(Effect.gen(function*() {
        const { alice, bob, fake } = yield* seedPair
        yield* fake.createThreatModel({ owner: alice.id })
        yield* fake.inject(Fault.status(503), { routes: "transfer" })

        const answer = yield* send("POST", "/me/transfer", { token: alice.token, body: transferBody(bob.id) })
        const logout = yield* send("POST", "/me/logout", { token: bob.token })

        assert.strictEqual(answer.status, 503)
        assert.strictEqual(answer.headers["retry-after"], "30")
        assert.strictEqual(decodeExactly(ErrorBody, answer.body).error, "service_unavailable")
        assert.strictEqual((yield* fake.ownedBy(alice.id)).threatModels.length, 1)
        assert.strictEqual(logout.status, 204)
        yield* fake.clearFaults
        assert.strictEqual(
          (yield* send("POST", "/me/transfer", { token: alice.token, body: transferBody(bob.id) })).status,
          200
        )
      })))

    it.effect("latency runs on the Clock, so TestClock decides when the answer comes", () =>
      withFake(Effect.gen(function*() {
        const { alice, fake } = yield* seedPair
        yield* fake.inject(Fault.latency("2 seconds"), { routes: "requestChallenge" })

        const fiber = yield* Effect.fork(
          users.pipe(Effect.flatMap((api) => api.deleteUserAccount()), asUser(alice.token))
        )
        yield* TestClock.adjust("1999 millis")
        assert.isTrue(Option.isNone(yield* Fiber.poll(fiber)))
        yield* TestClock.adjust("1 millis")
        const challenge = yield* Fiber.join(fiber)

        // The server stamped the challenge when it finally handled the request (the client
        // counts the grant a second short of the server's three minutes).
        assert.isTrue(DateTime.Equivalence(challenge.expiresAt, DateTime.unsafeMake(181_000)))
      })))

    it.effect("a malformed body reaches the client as UnexpectedResponse", () =>
      withFake(Effect.gen(function*() {
        const { alice, fake } = yield* seedPair
        yield* fake.inject(Fault.malformedBody())
        const error = yield* users.pipe(
          Effect.flatMap((api) => api.deleteUserAccount()),
          asUser(alice.token),
          Effect.flip
        )
        assert.strictEqual(error._tag, "UnexpectedResponse")
        assert.include(error, { status: 200, reason: "Decode" })
      })))

    it.effect("a disconnect before handling changes nothing; after handling the transfer happened", () =>
      withFake(Effect.gen(function*() {
        const { alice, bob, fake } = yield* seedPair
        yield* fake.createThreatModel({ owner: alice.id })
        const transfer = users.pipe(
          Effect.flatMap((api) => api.transferCurrentUserOwnership(bob.id)),
          asUser(alice.token)
        )

        yield* fake.inject(Fault.disconnect(), { times: 1 })
        const before = yield* Effect.flip(transfer)
        const ownedAfterFirst = (yield* fake.ownedBy(bob.id)).threatModels.length
        yield* fake.inject(Fault.disconnect({ afterHandling: true }), { times: 1 })
        const after = yield* Effect.flip(transfer)

        assert.strictEqual(before._tag, "TransportError")
        assert.include(before, { reason: "Transport", sent: true })
        assert.strictEqual(ownedAfterFirst, 0)
        assert.strictEqual(after._tag, "TransportError")
        assert.strictEqual((yield* fake.ownedBy(bob.id)).threatModels.length, 1)
        assert.deepStrictEqual(
          (yield* fake.requests).map((request) => [request.route, request.status, request.fault]),
          [["transfer", undefined, "Disconnect"], ["transfer", undefined, "Disconnect"]]
        )
      })))

    it.effect("a truncated body reaches the client as a transport failure, after the server acted", () =>
      withFake(Effect.gen(function*() {
        const { alice, fake } = yield* seedPair
        yield* fake.inject(Fault.truncatedBody({ keepBytes: 10 }), { routes: "requestChallenge", times: 1 })

        const error = yield* users.pipe(
          Effect.flatMap((api) => api.deleteUserAccount()),
          asUser(alice.token),
          Effect.flip
        )

        assert.strictEqual(error._tag, "TransportError")
        assert.include(error, { reason: "Transport", sent: true })
        assert.strictEqual((yield* fake.snapshot).pendingChallenges.length, 1)
      })))

    it.effect("faults armed for one route leave the others alone", () =>
      withFake(Effect.gen(function*() {
        const { alice, fake } = yield* seedPair
        yield* fake.inject(Fault.status(500), { routes: ["transfer", "confirmDeletion"] })

        const challenge = yield* send("DELETE", "/me", { token: alice.token })
        const confirm = yield* send("DELETE", confirmPath("anything"), { token: alice.token })

        assert.strictEqual(challenge.status, 200)
        assert.strictEqual(confirm.status, 500)
        assert.strictEqual(decodeExactly(ErrorBody, confirm.body).error, "server_error")
      })))
  })

  describe("seeding", () => {
    it.effect("refuses a second user with the same email", () =>
      withFake(Effect.gen(function*() {
        const { fake } = yield* seedPair
        const exit = yield* Effect.exit(fake.createUser({ email: "ALICE+tmi@example.com" }))
        assert.isTrue(exit._tag === "Failure")
      })))

    it.effect("issues tokens shaped like JWTs that name their user", () =>
      withFake(Effect.gen(function*() {
        const { alice } = yield* seedPair
        const [, payload] = Redacted.value(alice.token).split(".")
        const claims = JSON.parse(Buffer.from(payload!, "base64url").toString("utf8"))
        assert.include(claims, { sub: alice.id, email: "alice+tmi@example.com" })
      })))
  })
})
