import { NodeHttpClient } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Supervisor } from "effect"
import { UsersApi } from "../src/index.js"
import { FakeTmi } from "../src/testing/index.js"

const calls = 1_000

/** Open TCP handles of this process: client sockets and listening servers. */
const openSockets = () =>
  process.getActiveResourcesInfo().filter((name) => name === "TCPSocketWrap" || name === "TCPServerWrap").length

/** Sockets close a moment after their scope does; wait for that, boundedly. */
const socketsBackTo = (baseline: number) =>
  Effect.gen(function*() {
    for (let tries = 0; tries < 50 && openSockets() > baseline; tries++) yield* Effect.sleep("20 millis")
    return openSockets()
  })

describe("load over a loopback socket", () => {
  it.live(
    `${calls} concurrent calls all succeed, and nothing is left open after the scope closes`,
    () =>
      Effect.gen(function*() {
        const baseline = openSockets()
        const supervisor = yield* Supervisor.track

        const outcomes = yield* Effect.gen(function*() {
          const fake = yield* FakeTmi.FakeTmi
          const caller = yield* fake.createUser()
          const colleague = yield* fake.createUser()
          const api = yield* Effect.provide(
            UsersApi.UsersApi,
            FakeTmi.layerUsersApi(caller.token, { timeout: "20 seconds" }).pipe(Layer.orDie)
          )
          const one = (i: number) =>
            i % 2 === 0
              ? Effect.as(api.deleteUserAccount(), "challenge")
              : Effect.as(api.transferCurrentUserOwnership(colleague.id), "transfer")
          return yield* Effect.forEach(Array.from({ length: calls }, (_, i) => i), one, { concurrency: "unbounded" })
        }).pipe(
          Effect.provide(Layer.merge(FakeTmi.layerServer({ rateLimit: false }), NodeHttpClient.layerUndici)),
          Effect.supervised(supervisor),
          Effect.timeout("60 seconds")
        )

        assert.strictEqual(outcomes.length, calls)
        assert.strictEqual(outcomes.filter((outcome) => outcome === "challenge").length, calls / 2)
        assert.strictEqual(yield* socketsBackTo(baseline), baseline)
        const alive = (yield* supervisor.value).filter((fiber) => fiber.unsafePoll() === null)
        assert.deepStrictEqual(alive.map((fiber) => fiber.id()), [])
      }),
    { timeout: 90_000 }
  )
})
