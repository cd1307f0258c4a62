import { assert, describe, it } from "@effect/vitest"
import { ChallengeText, DeletionChallenge, TransferOwnershipResult } from "@tmi-effect/schema"
import { Cause, DateTime, Effect, Exit, Ref, Schema } from "effect"
import { TmiError, UsersApi } from "../src/index.js"
import { StubUsersApi } from "../src/testing/index.js"

const challenge = DeletionChallenge.make({
  challengeText: ChallengeText.make("I am user a@example.com. My challenge token is x."),
  expiresAt: DateTime.unsafeMake("2100-01-01T00:00:00Z")
})

const nothingMoved = Schema.decodeUnknownSync(TransferOwnershipResult)({
  threat_models_transferred: { count: 0, threat_model_ids: [] },
  survey_responses_transferred: { count: 0, survey_response_ids: [] }
})

/** The message of the defect an exit died with. */
const defectMessage = <A, E>(exit: Exit.Exit<A, E>): string => {
  assert.isTrue(Exit.isFailure(exit))
  const defect = Exit.isFailure(exit) ? Cause.dieOption(exit.cause) : undefined
  const error = defect?._tag === "Some" ? defect.value : undefined
  assert.instanceOf(error, Error)
  return (error as Error).message
}

describe("StubUsersApi", () => {
  it.effect("answers with the functions it was given", () =>
    Effect.gen(function*() {
      const targets = yield* Ref.make<ReadonlyArray<string>>([])
      const layer = StubUsersApi.layer({
        transferCurrentUserOwnership: (target) =>
          Effect.as(Ref.update(targets, (seen) => [...seen, target]), nothingMoved),
        logoutCurrentUser: () => Effect.void
      })

      const result = yield* Effect.flatMap(UsersApi.UsersApi, (api) =>
        Effect.zipLeft(api.transferCurrentUserOwnership("bob"), api.logoutCurrentUser())).pipe(Effect.provide(layer))

      assert.strictEqual(result, nothingMoved)
      assert.deepStrictEqual(yield* Ref.get(targets), ["bob"])
    }))

  it.effect("answers both deletion steps, so deleteAccount runs against it", () =>
    Effect.gen(function*() {
      const confirmed = yield* Ref.make<ReadonlyArray<string>>([])
      const layer = StubUsersApi.layer({
        requestChallenge: () => Effect.succeed(challenge),
        confirmDeletion: (sent) =>
          Ref.update(confirmed, (seen) => [...seen, typeof sent === "string" ? sent : sent.challengeText])
      })

      const outcome = yield* UsersApi.deleteAccount(() => Effect.succeed(true)).pipe(Effect.provide(layer))

      assert.strictEqual(outcome, "Deleted")
      assert.deepStrictEqual(yield* Ref.get(confirmed), [challenge.challengeText])
    }))

  it.effect("passes typed failures through", () =>
    Effect.gen(function*() {
      const layer = StubUsersApi.layer({
        transferCurrentUserOwnership: () =>
          Effect.fail(new TmiError.NotFound({ operation: "transferCurrentUserOwnership", status: 404 }))
      })
      const error = yield* Effect.flatMap(UsersApi.UsersApi, (api) => api.transferCurrentUserOwnership("nobody")).pipe(
        Effect.provide(layer),
        Effect.flip
      )
      assert.strictEqual(error._tag, "NotFound")
    }))

  it.effect("dies naming an operation it was not given", () =>
    Effect.gen(function*() {
      const exit = yield* Effect.flatMap(UsersApi.UsersApi, (api) => api.logoutCurrentUser()).pipe(
        Effect.provide(StubUsersApi.layer({})),
        Effect.exit
      )
      assert.include(defectMessage(exit), "logoutCurrentUser")
    }))

  it.effect("dies naming the deletion step it was not given", () =>
    Effect.gen(function*() {
      const layer = StubUsersApi.layer({ requestChallenge: () => Effect.succeed(challenge) })

      const exit = yield* UsersApi.deleteAccount(() => Effect.succeed(true)).pipe(Effect.provide(layer), Effect.exit)

      assert.include(defectMessage(exit), "step 2, confirmDeletion")
    }))
})
