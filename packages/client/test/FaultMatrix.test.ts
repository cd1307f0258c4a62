import type { HttpClient } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { assert, describe, layer } from "@effect/vitest"
import { Cause, Effect, Exit, Layer } from "effect"
import type { TmiError } from "../src/index.js"
import { UsersApi } from "../src/index.js"
import { FakeTmi, Fault } from "../src/testing/index.js"

/**
 * Every fault the fake can inject, for every operation, through a real loopback socket:
 * each ends in its documented value or typed error, never in a defect.
 */

type Operation = "requestChallenge" | "confirmDeletion" | "logout" | "transfer"

const routeOf: Record<Operation, FakeTmi.Route> = {
  requestChallenge: "requestChallenge",
  confirmDeletion: "confirmDeletion",
  logout: "logout",
  transfer: "transfer"
}

/** Seeds a caller (and a colleague to transfer to), arms the fault, runs the operation. */
const runAgainstFake = (operation: Operation, fault: Fault.Fault | undefined) =>
  Effect.gen(function*() {
    const fake = yield* FakeTmi.FakeTmi
    const caller = yield* fake.createUser()
    const colleague = yield* fake.createUser()
    const call = Effect.gen(function*() {
      const api = yield* UsersApi.UsersApi
      // Step 2 needs a real challenge, asked for before the fault is armed.
      const challenge = operation === "confirmDeletion" ? yield* api.deleteUserAccount() : undefined
      if (fault !== undefined) yield* fake.inject(fault, { routes: routeOf[operation], times: 1 })
      const calls: Record<Operation, Effect.Effect<unknown, TmiError.TmiError>> = {
        requestChallenge: api.deleteUserAccount(),
        confirmDeletion: api.deleteUserAccount(challenge!),
        logout: api.logoutCurrentUser(),
        transfer: api.transferCurrentUserOwnership(colleague.id)
      }
      return yield* calls[operation]
    })
    return yield* Effect.exit(
      call.pipe(Effect.provide(FakeTmi.layerUsersApi(caller.token, { timeout: "5 seconds" }).pipe(Layer.orDie)))
    )
  })

const expectFailure = (exit: Exit.Exit<unknown, TmiError.TmiError>) => {
  assert.isFalse(Exit.isSuccess(exit), "expected a failure")
  if (Exit.isSuccess(exit)) throw new Error("unreachable")
  assert.isFalse(Cause.isDie(exit.cause), `defect: ${Cause.pretty(exit.cause)}`)
  const failure = Cause.failureOption(exit.cause)
  assert.isTrue(failure._tag === "Some", Cause.pretty(exit.cause))
  return (failure as { value: TmiError.TmiError }).value
}

const everyOperation: ReadonlyArray<Operation> = ["requestChallenge", "confirmDeletion", "logout", "transfer"]
const answeredWith200: ReadonlyArray<Operation> = ["requestChallenge", "transfer"]

interface Row {
  readonly operation: Operation
  readonly fault: string
  readonly make: () => Fault.Fault
  readonly tag: TmiError.TmiError["_tag"]
  readonly reason?: string
  readonly status?: number
}

const statusRows = (status: number, tag: (operation: Operation) => TmiError.TmiError["_tag"], reason?: string) =>
  everyOperation.map((operation): Row => ({
    operation,
    fault: `status ${status}`,
    make: () => Fault.status(status, { retryAfter: false }),
    tag: tag(operation),
    status,
    ...(reason === undefined ? {} : { reason })
  }))

const ids = (count: number) =>
  Array.from({ length: count }, (_, i) => `550e8400-e29b-41d4-a716-${i.toString(16).padStart(12, "0")}`)

const malformed: ReadonlyArray<readonly [string, string]> = [
  ["invalid JSON", "{\"challenge_text\": \"I am user"],
  ["an HTML error page", "<!doctype html><html><body><h1>502 Bad Gateway</h1></body></html>"],
  ["an empty body", ""],
  ["wrong types", JSON.stringify({ challenge_text: 42, expires_at: true, threat_models_transferred: "all" })],
  ["a missing required field", JSON.stringify({ challenge_text: "I am user a@b.c." })],
  [
    "10,001 ids",
    JSON.stringify({
      threat_models_transferred: { count: 10_001, threat_model_ids: ids(10_001) },
      survey_responses_transferred: { count: 0, survey_response_ids: [] }
    })
  ]
]

const transportFaults: ReadonlyArray<readonly [string, () => Fault.Fault]> = [
  ["a body cut off mid-stream", () => Fault.truncatedBody()],
  ["a dropped connection", () => Fault.disconnect()],
  ["a dropped connection after the server acted", () => Fault.disconnect({ afterHandling: true })]
]

const rows: ReadonlyArray<Row> = [
  ...statusRows(
    400,
    (operation) => operation === "confirmDeletion" ? "InvalidRequest" : "InvalidRequest",
    "BadRequest"
  ),
  ...everyOperation.map((operation): Row => ({
    operation,
    fault: "status 400 invalid_challenge",
    make: () => Fault.status(400, { error: "invalid_challenge", errorDescription: "Invalid or expired challenge" }),
    tag: operation === "confirmDeletion" ? "ChallengeMismatch" : "InvalidRequest",
    status: 400
  })),
  ...statusRows(401, () => "Unauthorized", "Rejected"),
  ...statusRows(404, (operation) => operation === "transfer" ? "NotFound" : "UnexpectedResponse"),
  ...statusRows(405, () => "InvalidRequest", "MethodNotAllowed"),
  ...statusRows(406, () => "InvalidRequest", "NotAcceptable"),
  ...statusRows(415, () => "InvalidRequest", "UnsupportedMediaType"),
  ...statusRows(429, () => "RateLimited"),
  ...statusRows(500, () => "ServerError"),
  ...statusRows(502, () => "ServerError"),
  ...statusRows(503, () => "ServiceUnavailable"),
  ...statusRows(409, () => "UnexpectedResponse", "Status"),
  ...statusRows(418, () => "UnexpectedResponse", "Status"),
  ...everyOperation.map((operation): Row => ({
    operation,
    fault: "status 302",
    make: () => Fault.malformedBody({ status: 302, body: "" }),
    tag: "UnexpectedResponse",
    reason: "Status",
    status: 302
  })),
  ...answeredWith200.flatMap((operation) =>
    malformed.map(([name, body]): Row => ({
      operation,
      fault: `200 with ${name}`,
      make: () => Fault.malformedBody({ body }),
      tag: "UnexpectedResponse",
      reason: "Decode",
      status: 200
    }))
  ),
  ...transportFaults.flatMap(([fault, make]) =>
    everyOperation.map((operation): Row => ({ operation, fault, make, tag: "TransportError", reason: "Transport" }))
  )
]

const transports: ReadonlyArray<readonly [string, Layer.Layer<HttpClient.HttpClient>]> = [
  ["undici", NodeHttpClient.layerUndici],
  ["node:http", NodeHttpClient.layer]
]

describe.each(transports)("fault matrix over a loopback socket, %s", (_, transport) => {
  layer(Layer.merge(FakeTmi.layerServer({ rateLimit: false }), transport), { excludeTestServices: true })(
    "faults",
    (it) => {
      it.effect.each(everyOperation)("%s succeeds with no fault", (operation) =>
        Effect.gen(function*() {
          const exit = yield* runAgainstFake(operation, undefined)
          assert.isTrue(Exit.isSuccess(exit), Exit.isFailure(exit) ? Cause.pretty(exit.cause) : "")
        }))

      it.effect.each(rows.map((row) => [`${row.operation}: ${row.fault} -> ${row.tag}`, row] as const))(
        "%s",
        ([, row]) =>
          Effect.gen(function*() {
            const error = expectFailure(yield* runAgainstFake(row.operation, row.make()))
            assert.strictEqual(error._tag, row.tag, error.message)
            if (row.reason !== undefined) assert.strictEqual("reason" in error ? error.reason : undefined, row.reason)
            if (row.status !== undefined) assert.strictEqual("status" in error ? error.status : undefined, row.status)
            if (error._tag === "UnexpectedResponse") assert.isAtMost(error.excerpt.length, 203)
          })
      )
    }
  )
})
