import { assert, describe, it } from "@effect/vitest"
import { Chunk, Effect, Fiber, TestClock } from "effect"
import type { TmiConfig, TmiError } from "../src/index.js"
import { UsersApi } from "../src/index.js"
import type { Handler } from "./utils.js"
import { clientLayer, empty, json } from "./utils.js"

const bob = "550e8400-e29b-41d4-a716-446655440099"

const transferBody = {
  threat_models_transferred: { count: 0, threat_model_ids: [] },
  survey_responses_transferred: { count: 0, survey_response_ids: [] }
}
const challengeBody = {
  challenge_text: "I am user a@b.c. My challenge token is x.",
  expires_at: "1970-01-01T00:03:00Z"
}
const errorBody = (error: string) => ({ error, error_description: error })

/** What Node's fetch throws when nothing listens on the port: no byte left this machine. */
const connectionRefused = () =>
  Promise.reject(
    new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) })
  )

/** What Node's fetch throws when the peer drops the connection after the request went out. */
const connectionReset = () =>
  Promise.reject(
    new TypeError("fetch failed", { cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }) })
  )

/** Answers with each handler in turn, the last one from then on. */
const sequence = (...handlers: Array<Handler>): Handler => {
  let call = 0
  return (request) => handlers[Math.min(call++, handlers.length - 1)]!(request)
}

type Call = (api: UsersApi.Service) => Effect.Effect<unknown, TmiError.TmiError>
const requestChallenge: Call = (api) => api.deleteUserAccount()
const confirmDeletion: Call = (api) => api.deleteUserAccount("I am user a@b.c. My challenge token is x.")
const logout: Call = (api) => api.logoutCurrentUser()
const transfer: Call = (api) => api.transferCurrentUserOwnership(bob)

const start = (handler: Handler, call: Call, retry: TmiConfig.RetryOptions | false = {}) => {
  const { layer, seen } = clientLayer(handler, { retry, timeout: "10 seconds" })
  return Effect.map(
    Effect.fork(Effect.flatMap(UsersApi.UsersApi, call).pipe(Effect.provide(layer), Effect.either)),
    (fiber) => ({ fiber, seen })
  )
}

const realPause = Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 5)))

/**
 * Waits, in real time, until the client is parked on the TestClock (a pending sleep) or
 * done, and has stayed so for a few polls: the in-process transport resolves its
 * promises outside the TestClock, so moving the clock any earlier would be lost.
 */
const settleOn = (fiber: Fiber.Fiber<unknown, unknown>, seen: ReadonlyArray<unknown>) =>
  Effect.gen(function*() {
    let previous = ""
    let stable = 0
    for (let poll = 0; poll < 2_000 && stable < 3; poll++) {
      yield* realPause
      const done = (yield* Fiber.poll(fiber))._tag === "Some"
      const sleeps = Chunk.toReadonlyArray(yield* TestClock.sleeps())
      const state = `${done} ${seen.length} ${sleeps.join(",")}`
      stable = (done || sleeps.length > 0) && state === previous ? stable + 1 : 0
      previous = state
    }
  })

describe("retry policy", () => {
  describe("429 and 503", () => {
    it.effect.each(
      [
        ["requestChallenge", requestChallenge, json(200, challengeBody)],
        ["confirmDeletion", confirmDeletion, empty(204)],
        ["logout", logout, empty(204)],
        ["transfer", transfer, json(200, transferBody)]
      ] as const
    )("%s waits exactly Retry-After seconds, then succeeds", ([, call, success]) =>
      Effect.gen(function*() {
        const { fiber, seen } = yield* start(
          sequence(() => json(429, errorBody("rate_limit_exceeded"), { "retry-after": "2" }), () => success.clone()),
          call
        )
        yield* settleOn(fiber, seen)
        assert.strictEqual(seen.length, 1)
        yield* TestClock.adjust("1999 millis")
        yield* settleOn(fiber, seen)
        assert.strictEqual(seen.length, 1)
        yield* TestClock.adjust("1 millis")
        yield* settleOn(fiber, seen)
        assert.strictEqual(seen.length, 2)
        const result = yield* Fiber.join(fiber)
        assert.isTrue(result._tag === "Right")
      }))

    it.effect("an HTTP-date Retry-After is measured against the response's Date", () =>
      Effect.gen(function*() {
        const serverNow = Date.parse("2031-05-01T12:00:00Z")
        const { fiber, seen } = yield* start(
          sequence(
            () =>
              json(503, errorBody("service_unavailable"), {
                date: new Date(serverNow).toUTCString(),
                "retry-after": new Date(serverNow + 7_000).toUTCString()
              }),
            () => empty(204)
          ),
          logout
        )
        yield* settleOn(fiber, seen)
        yield* TestClock.adjust("6999 millis")
        yield* settleOn(fiber, seen)
        assert.strictEqual(seen.length, 1)
        yield* TestClock.adjust("1 millis")
        yield* settleOn(fiber, seen)
        assert.strictEqual(seen.length, 2)
        assert.isTrue((yield* Fiber.join(fiber))._tag === "Right")
      }))

    it.effect("a Retry-After longer than maxRetryAfter is not waited for", () =>
      Effect.gen(function*() {
        const { fiber, seen } = yield* start(
          () => json(429, errorBody("rate_limit_exceeded"), { "retry-after": "120" }),
          transfer,
          { maxRetryAfter: "60 seconds" }
        )
        const result = yield* Fiber.join(fiber)
        assert.strictEqual(result._tag === "Left" && result.left._tag, "RateLimited")
        assert.strictEqual(seen.length, 1)
      }))

    it.effect("gives up after maxAttempts", () =>
      Effect.gen(function*() {
        const { fiber, seen } = yield* start(
          () => json(503, errorBody("service_unavailable"), { "retry-after": "1" }),
          requestChallenge,
          { maxAttempts: 4 }
        )
        for (let i = 0; i < 5; i++) {
          yield* settleOn(fiber, seen)
          yield* TestClock.adjust("1 second")
        }
        const result = yield* Fiber.join(fiber)
        assert.strictEqual(result._tag === "Left" && result.left._tag, "ServiceUnavailable")
        assert.strictEqual(seen.length, 4)
      }))

    it.effect("retry: false sends once", () =>
      Effect.gen(function*() {
        const { fiber, seen } = yield* start(
          () => json(429, errorBody("rate_limit_exceeded"), { "retry-after": "1" }),
          requestChallenge,
          false
        )
        const result = yield* Fiber.join(fiber)
        assert.strictEqual(result._tag === "Left" && result.left._tag, "RateLimited")
        assert.strictEqual(seen.length, 1)
      }))
  })

  describe("transport faults", () => {
    it.effect.each(
      [
        ["requestChallenge", requestChallenge],
        ["confirmDeletion", confirmDeletion],
        ["logout", logout],
        ["transfer", transfer]
      ] as const
    )("%s retries a refused connection with backoff: nothing reached the server", ([, call]) =>
      Effect.gen(function*() {
        const { fiber, seen } = yield* start(sequence(connectionRefused, connectionRefused, () => empty(599)), call)
        for (let i = 0; i < 3; i++) {
          yield* settleOn(fiber, seen)
          yield* TestClock.adjust("5 seconds")
        }
        const result = yield* Fiber.join(fiber)
        assert.strictEqual(seen.length, 3)
        assert.strictEqual(result._tag === "Left" && result.left._tag, "ServerError")
      }))

    it.effect("backoff grows exponentially within the jitter bounds", () =>
      Effect.gen(function*() {
        const { fiber, seen } = yield* start(connectionRefused, requestChallenge, {
          maxAttempts: 3,
          baseDelay: "1 second",
          maxDelay: "1 minute"
        })
        yield* settleOn(fiber, seen)
        assert.strictEqual(seen.length, 1)
        // The first backoff is 1 s scaled by a jitter in [0.5, 1], so the second attempt comes
        // between 500 and 1,000 ms; the second backoff is 2 s scaled the same way, so the third
        // comes no sooner than 1,500 ms and no later than 3,000 ms.
        yield* TestClock.adjust("499 millis")
        yield* settleOn(fiber, seen)
        assert.strictEqual(seen.length, 1)
        yield* TestClock.adjust("501 millis")
        yield* settleOn(fiber, seen)
        assert.strictEqual(seen.length, 2)
        yield* TestClock.adjust("499 millis")
        yield* settleOn(fiber, seen)
        assert.strictEqual(seen.length, 2)
        yield* TestClock.adjust("1501 millis")
        yield* settleOn(fiber, seen)
        assert.strictEqual(seen.length, 3)
        const result = yield* Fiber.join(fiber)
        assert.strictEqual(result._tag === "Left" && result.left._tag, "TransportError")
      }))

    it.effect.each(
      [
        ["confirmDeletion", 1, confirmDeletion],
        ["logout", 1, logout],
        ["transfer", 1, transfer],
        ["requestChallenge", 3, requestChallenge]
      ] as const
    )("after the request went out, %s is sent %i time(s)", ([, expected, call]) =>
      Effect.gen(function*() {
        const { fiber, seen } = yield* start(connectionReset, call)
        for (let i = 0; i < 3; i++) {
          yield* settleOn(fiber, seen)
          yield* TestClock.adjust("5 seconds")
        }
        const result = yield* Fiber.join(fiber)
        assert.strictEqual(result._tag === "Left" && result.left._tag, "TransportError")
        assert.strictEqual(result._tag === "Left" && result.left._tag === "TransportError" && result.left.sent, true)
        assert.strictEqual(seen.length, expected)
      }))

    it.effect.each(
      [
        ["confirmDeletion", 1, confirmDeletion],
        ["transfer", 1, transfer],
        ["requestChallenge", 3, requestChallenge]
      ] as const
    )("a timeout of %s is sent %i time(s)", ([, expected, call]) =>
      Effect.gen(function*() {
        const { fiber, seen } = yield* start(() => new Promise<Response>(() => {}), call)
        for (let i = 0; i < 3; i++) {
          yield* settleOn(fiber, seen)
          yield* TestClock.adjust("15 seconds")
        }
        const result = yield* Fiber.join(fiber)
        assert.strictEqual(
          result._tag === "Left" && result.left._tag === "TransportError" && result.left.reason,
          "Timeout"
        )
        assert.strictEqual(seen.length, expected)
      }))

    it.effect("a 500 is never retried", () =>
      Effect.gen(function*() {
        const { fiber, seen } = yield* start(() => json(500, { error: "boom" }), requestChallenge)
        const result = yield* Fiber.join(fiber)
        assert.strictEqual(result._tag === "Left" && result.left._tag, "ServerError")
        assert.strictEqual(seen.length, 1)
      }))
  })
})
