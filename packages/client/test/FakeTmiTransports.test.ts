import { FetchHttpClient, type HttpClient } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import type { Redacted as R } from "effect"
import { UsersApi } from "../src/index.js"
import { FakeTmi, Fault } from "../src/testing/index.js"

const asUser = (token: R.Redacted<string>) => <A, E>(effect: Effect.Effect<A, E, UsersApi.UsersApi>) =>
  Effect.provide(effect, Layer.orDie(FakeTmi.layerUsersApi(token)))

const users = UsersApi.UsersApi

/** An account's whole life through the client, checked against what the fake then holds. */
const lifecycle = Effect.gen(function*() {
  const fake = yield* FakeTmi.FakeTmi
  const alice = yield* fake.createUser({ email: "alice+ops@example.com" })
  const bob = yield* fake.createUser({ email: "bob@example.com" })
  const carol = yield* fake.createUser({ email: "carol@example.com" })
  const models = yield* Effect.forEach([1, 2], () => fake.createThreatModel({ owner: alice.id }))
  yield* fake.createSurveyResponse({ owner: alice.id })

  const moved = yield* users.pipe(
    Effect.flatMap((api) => api.transferCurrentUserOwnership(bob.id)),
    asUser(alice.token)
  )
  assert.deepStrictEqual(moved.threatModelsTransferred.threatModelIds, models.map((model) => model.id))
  assert.strictEqual(moved.surveyResponsesTransferred.count, 1)
  assert.strictEqual((yield* fake.ownedBy(bob.id)).threatModels.length, 2)

  const outcome = yield* UsersApi.deleteAccount((challenge) =>
    Effect.succeed(challenge.challengeText.startsWith("I am user alice+ops@example.com."))
  ).pipe(asUser(alice.token))
  assert.strictEqual(outcome, "Deleted")
  assert.deepStrictEqual((yield* fake.snapshot).users.map((user) => user.email).sort(), [
    "bob@example.com",
    "carol@example.com"
  ])
  // Bob's items survive Alice: they are his now.
  assert.strictEqual((yield* fake.ownedBy(bob.id)).threatModels.length, 2)

  // A new client holding the old token string is refused by the server itself.
  const stale = Redacted.make(Redacted.value(alice.token))
  const refused = yield* users.pipe(Effect.flatMap((api) => api.deleteUserAccount()), asUser(stale), Effect.flip)
  assert.include(refused, { _tag: "Unauthorized", status: 401, reason: "Rejected" })

  yield* users.pipe(Effect.flatMap((api) => api.logoutCurrentUser()), asUser(carol.token))
  const loggedOut = Redacted.make(Redacted.value(carol.token))
  const afterLogout = yield* users.pipe(
    Effect.flatMap((api) => api.logoutCurrentUser()),
    asUser(loggedOut),
    Effect.flip
  )
  assert.include(afterLogout, { _tag: "Unauthorized", status: 401 })

  const routes = (yield* fake.requests).map((request) => `${request.route} ${request.status}`)
  assert.deepStrictEqual(routes, [
    "transfer 200",
    "requestChallenge 200",
    "confirmDeletion 204",
    "requestChallenge 401",
    "logout 204",
    "logout 401"
  ])
})

/** The connection faults, as the client meets them. */
const connectionFaults = Effect.gen(function*() {
  const fake = yield* FakeTmi.FakeTmi
  const alice = yield* fake.createUser()
  const challenge = users.pipe(Effect.flatMap((api) => api.deleteUserAccount()), asUser(alice.token))

  yield* fake.inject(Fault.disconnect(), { times: 1 })
  const dropped = yield* Effect.flip(challenge)
  yield* fake.inject(Fault.truncatedBody(), { times: 1 })
  const truncated = yield* Effect.flip(challenge)
  const recovered = yield* challenge

  assert.include(dropped, { _tag: "TransportError", reason: "Transport", sent: true })
  assert.match(dropped.message, /request failed/)
  assert.include(truncated, { _tag: "TransportError", reason: "Transport", sent: true })
  assert.match(truncated.message, /response broke off/)
  assert.isTrue(recovered.challengeText.includes(alice.email))
})

const overSocket = (client: Layer.Layer<HttpClient.HttpClient>) =>
<A, E>(
  effect: Effect.Effect<A, E, FakeTmi.FakeTmi | HttpClient.HttpClient>
) => Effect.provide(effect, Layer.merge(FakeTmi.layerServer(), client))

describe("FakeTmi transports", () => {
  describe("in process", () => {
    it.effect("carries an account's whole life with no socket", () =>
      Effect.provide(lifecycle, FakeTmi.layerInProcess()))

    it.effect("turns dropped connections and cut bodies into transport failures", () =>
      Effect.provide(connectionFaults, FakeTmi.layerInProcess()))
  })

  describe("loopback socket", () => {
    it.live("listens on 127.0.0.1 and reports its base URL", () =>
      Effect.gen(function*() {
        const fake = yield* FakeTmi.FakeTmi
        assert.match(fake.baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/)
        const answer = yield* Effect.promise(() => fetch(`${fake.baseUrl}/me`, { method: "DELETE" }))
        assert.strictEqual(answer.status, 401)
        assert.isNotNull(answer.headers.get("date"))
        assert.isNull(answer.headers.get("www-authenticate"))
      }).pipe(Effect.provide(FakeTmi.layerServer())))

    it.live("carries an account's whole life over undici", () => lifecycle.pipe(overSocket(NodeHttpClient.layerUndici)))

    it.live("carries an account's whole life over fetch", () => lifecycle.pipe(overSocket(FetchHttpClient.layer)))

    it.live("turns dropped connections and cut bodies into transport failures", () =>
      connectionFaults.pipe(overSocket(NodeHttpClient.layerUndici)))

    it.live("serves concurrent clients", () =>
      Effect.gen(function*() {
        const fake = yield* FakeTmi.FakeTmi
        const seeded = yield* Effect.forEach(Array.from({ length: 20 }, (_, i) => i), (i) =>
          fake.createUser({ email: `user${i}@example.com` }))

        const challenges = yield* Effect.forEach(
          seeded,
          (user) =>
            users.pipe(Effect.flatMap((api) => api.deleteUserAccount()), asUser(user.token)),
          { concurrency: 10 }
        )

        assert.strictEqual(new Set(challenges.map((challenge) => challenge.challengeText)).size, 20)
        assert.strictEqual((yield* fake.snapshot).pendingChallenges.length, 20)
      }).pipe(overSocket(NodeHttpClient.layerUndici)))
  })
})
