import { assert, describe, it } from "@effect/vitest"
import { FakeTmi, Fault } from "@tmi-effect/client/testing"
import { Effect, Layer } from "effect"
import { layer as OffboardingLayer, Offboarding } from "./Offboarding.js"

/** Seeds an employee with work and a manager, and offboards with the employee's own client. */
const setUp = Effect.gen(function*() {
  const fake = yield* FakeTmi.FakeTmi
  const employee = yield* fake.createUser({ email: "dana+contractor@example.com" })
  const manager = yield* fake.createUser({ email: "erin@example.com" })
  const models = yield* Effect.forEach(
    ["Checkout", "Search"],
    (name) => fake.createThreatModel({ owner: employee.id, name })
  )
  yield* fake.createSurveyResponse({ owner: employee.id })
  const offboarding = OffboardingLayer.pipe(Layer.provide(Layer.orDie(FakeTmi.layerUsersApi(employee.token))))
  const offboard = (managerId: string) =>
    Effect.flatMap(Offboarding, (service) => service.offboard(managerId)).pipe(Effect.provide(offboarding))
  return { fake, employee, manager, models, offboard }
})

describe("Offboarding, against the fake TMI server", () => {
  it.effect("hands everything to the manager, then ends the employee's session", () =>
    Effect.gen(function*() {
      const { employee, fake, manager, models, offboard } = yield* setUp

      const report = yield* offboard(manager.id)

      assert.deepStrictEqual(report, { threatModels: 2, surveyResponses: 1 })
      const managers = yield* fake.ownedBy(manager.id)
      assert.deepStrictEqual(managers.threatModels.map((model) => model.id), models.map((model) => model.id))
      for (const model of managers.threatModels) {
        assert.deepInclude(model.authorization, { userId: employee.id, role: "writer" })
      }
      assert.strictEqual(yield* fake.tokenStatus(employee.token), "Revoked")
    }).pipe(Effect.provide(FakeTmi.layerInProcess())))

  it.effect("stops before logging out when the manager does not exist", () =>
    Effect.gen(function*() {
      const { employee, fake, offboard } = yield* setUp

      const error = yield* Effect.flip(offboard("00000000-0000-4000-8000-000000000000"))

      assert.deepInclude(error, { _tag: "InvalidManager", reason: "NotFound" })
      assert.strictEqual((yield* fake.ownedBy(employee.id)).threatModels.length, 2)
      assert.strictEqual(yield* fake.tokenStatus(employee.token), "Active")
    }).pipe(Effect.provide(FakeTmi.layerInProcess())))

  it.effect("refuses the employee as their own manager", () =>
    Effect.gen(function*() {
      const { employee, offboard } = yield* setUp
      const error = yield* Effect.flip(offboard(employee.id))
      assert.deepInclude(error, { _tag: "InvalidManager", reason: "Rejected" })
    }).pipe(Effect.provide(FakeTmi.layerInProcess())))

  it.effect("keeps the session open when the transfer's answer is lost, so a second run finishes", () =>
    Effect.gen(function*() {
      const { employee, fake, manager, offboard } = yield* setUp
      yield* fake.inject(Fault.disconnect({ afterHandling: true }), { routes: "transfer", times: 1 })

      const first = yield* Effect.flip(offboard(manager.id))
      const statusAfterFirst = yield* fake.tokenStatus(employee.token)
      const second = yield* offboard(manager.id)

      assert.deepInclude(first, { _tag: "OffboardingIncomplete", step: "Transfer" })
      assert.strictEqual(statusAfterFirst, "Active")
      // The lost answer had moved everything already; the retry finds nothing left and logs out.
      assert.deepStrictEqual(second, { threatModels: 0, surveyResponses: 0 })
      assert.strictEqual((yield* fake.ownedBy(manager.id)).threatModels.length, 2)
      assert.strictEqual(yield* fake.tokenStatus(employee.token), "Revoked")
    }).pipe(Effect.provide(FakeTmi.layerInProcess())))
})
