import { assert, describe, it } from "@effect/vitest"
import { TmiError } from "@tmi-effect/client"
import { StubUsersApi } from "@tmi-effect/client/testing"
import { TransferOwnershipResult } from "@tmi-effect/schema"
import { Effect, Layer, Ref, Schema } from "effect"
import { layer as OffboardingLayer, Offboarding } from "./Offboarding.js"

const moved = Schema.decodeUnknownSync(TransferOwnershipResult)({
  threat_models_transferred: { count: 1, threat_model_ids: ["550e8400-e29b-41d4-a716-446655440001"] },
  survey_responses_transferred: { count: 0, survey_response_ids: [] }
})

const offboardWith = (answers: StubUsersApi.Answers) => (managerId: string) =>
  Effect.flatMap(Offboarding, (service) => service.offboard(managerId)).pipe(
    Effect.provide(OffboardingLayer.pipe(Layer.provide(StubUsersApi.layer(answers))))
  )

describe("Offboarding, against a stub UsersApi", () => {
  it.effect("transfers, then logs out, and reports the server's counts", () =>
    Effect.gen(function*() {
      const calls = yield* Ref.make<ReadonlyArray<string>>([])
      const offboard = offboardWith({
        transferCurrentUserOwnership: (target) =>
          Effect.as(Ref.update(calls, (seen) => [...seen, `transfer ${target}`]), moved),
        logoutCurrentUser: () => Ref.update(calls, (seen) => [...seen, "logout"])
      })

      const report = yield* offboard("manager-id")

      assert.deepStrictEqual(report, { threatModels: 1, surveyResponses: 0 })
      assert.deepStrictEqual(yield* Ref.get(calls), ["transfer manager-id", "logout"])
    }))

  it.effect("never logs out after a failed transfer", () =>
    Effect.gen(function*() {
      // No logout answer is given: calling it would die and fail this test.
      const offboard = offboardWith({
        transferCurrentUserOwnership: () =>
          Effect.fail(new TmiError.ServiceUnavailable({ operation: "transferCurrentUserOwnership", status: 503 }))
      })

      const error = yield* Effect.flip(offboard("manager-id"))

      assert.deepInclude(error, { _tag: "OffboardingIncomplete", step: "Transfer" })
    }))

  it.effect("takes an already refused token at logout as a finished session", () =>
    Effect.gen(function*() {
      const offboard = offboardWith({
        transferCurrentUserOwnership: () => Effect.succeed(moved),
        logoutCurrentUser: () =>
          Effect.fail(new TmiError.Unauthorized({ operation: "logoutCurrentUser", status: 401, reason: "Rejected" }))
      })

      const report = yield* offboard("manager-id")

      assert.strictEqual(report.threatModels, 1)
    }))
})
