/**
 * The client and the fake server against the real TMI contract, judged by Prism: every
 * request the client sends and every answer the fake gives passes through Prism, run as a
 * validating proxy with `--errors` on the contract, so neither can agree with the other
 * against the contract unnoticed. An objection from Prism fails the test with Prism's text.
 */
import { FetchHttpClient, HttpClient, HttpClientRequest } from "@effect/platform"
import { NodeContext } from "@effect/platform-node"
import { assert, describe, it, layer } from "@effect/vitest"
import type { Redacted } from "effect"
import { Cause, Context, Effect, Exit, Layer, Option } from "effect"
import { existsSync, readFileSync } from "node:fs"
import { TmiClient, UsersApi } from "../src/index.js"
import { FakeTmi, Fault } from "../src/testing/index.js"
import * as Prism from "./prism.js"

interface OpenApiDocument {
  readonly info: { readonly version: string }
  readonly paths: Record<string, Record<string, unknown>>
  readonly components: Record<string, Record<string, unknown>>
}

const readSpec = (path: string) => JSON.parse(readFileSync(path, "utf8")) as OpenApiDocument

class PrismProxy extends Context.Tag("test/PrismProxy")<PrismProxy, Prism.PrismProxy>() {}

/** Requests one user may make per window on the fake: small, so its own 429 is reachable. */
const rateLimit = 10

const Contract = Layer.mergeAll(
  Layer.scoped(
    PrismProxy,
    Effect.flatMap(FakeTmi.FakeTmi, (fake) => Prism.proxy({ spec: Prism.usersSpecPath, upstream: fake.baseUrl }))
  ).pipe(Layer.provide(NodeContext.layer)),
  Prism.layerFailOnObjection.pipe(Layer.provide(FetchHttpClient.layer))
).pipe(Layer.provideMerge(FakeTmi.layerServer({ rateLimit: { limit: rateLimit, window: "1 minute" } })))

/** A client of its own for `token`, talking to the fake through Prism. */
const usersApi = (token: Redacted.Redacted<string>) =>
  Effect.flatMap(
    PrismProxy,
    (prism) =>
      Effect.provide(UsersApi.UsersApi, TmiClient.layer({ baseUrl: prism.url, token, retry: false }).pipe(Layer.orDie))
  )

/** What a test compares about a failure: its tag, and the status and code the server sent. */
const outline = (error: { readonly _tag: string }) => ({
  tag: error._tag,
  status: "status" in error ? error.status : undefined,
  code: "errorCode" in error ? error.errorCode : undefined
})

/** A user who owns two threat models and a survey response. */
const seededOwner = Effect.gen(function*() {
  const fake = yield* FakeTmi.FakeTmi
  const user = yield* fake.createUser()
  yield* fake.createThreatModel({ owner: user.id })
  yield* fake.createThreatModel({ owner: user.id })
  yield* fake.createSurveyResponse({ owner: user.id })
  return user
})

const unknownUserId = "0b0e8f1c-5c7a-4e0f-9d6b-3f2a1c4d5e6f"

const routes = ["requestChallenge", "confirmDeletion", "logout", "transfer"] as const

/** Calls the operation behind `route`, as the client offers it, and forgets its success value. */
const call = (
  users: UsersApi.Service,
  route: FakeTmi.Route,
  target: string
): Effect.Effect<void, UsersApi.ConfirmDeletionError | UsersApi.TransferError> => {
  switch (route) {
    case "requestChallenge":
      return Effect.asVoid(users.deleteUserAccount())
    case "confirmDeletion":
      return users.deleteUserAccount("I am user nobody. My challenge token is none.")
    case "logout":
      return users.logoutCurrentUser()
    case "transfer":
      return Effect.asVoid(users.transferCurrentUserOwnership(target))
  }
}

if (Prism.specPresent) {
  layer(Contract, { excludeTestServices: true, timeout: "30 seconds" })("Contract (Prism on the TMI spec)", (it) => {
    describe("transfer", () => {
      it.effect("moves everything the caller owns, and the answer matches TransferOwnershipResult", () =>
        Effect.gen(function*() {
          const fake = yield* FakeTmi.FakeTmi
          const alice = yield* seededOwner
          const bob = yield* fake.createUser()

          const result = yield* Effect.flatMap(
            usersApi(alice.token),
            (users) => users.transferCurrentUserOwnership(bob.id)
          )

          assert.strictEqual(result.threatModelsTransferred.count, 2)
          assert.strictEqual(result.surveyResponsesTransferred.count, 1)
          const owned = yield* fake.ownedBy(bob.id)
          assert.sameMembers(owned.threatModels.map((model) => model.id), [
            ...result.threatModelsTransferred.threatModelIds
          ])
        }))

      it.effect("a user with nothing to transfer gets empty lists", () =>
        Effect.gen(function*() {
          const fake = yield* FakeTmi.FakeTmi
          const [alice, bob] = [yield* fake.createUser(), yield* fake.createUser()]

          const result = yield* Effect.flatMap(usersApi(alice.token), (users) =>
            users.transferCurrentUserOwnership(bob.id))

          assert.deepStrictEqual(result.threatModelsTransferred.threatModelIds, [])
          assert.strictEqual(result.surveyResponsesTransferred.count, 0)
        }))

      it.effect("to oneself is a 400 InvalidRequest", () =>
        Effect.gen(function*() {
          const alice = yield* seededOwner

          const error = yield* Effect.flatMap(usersApi(alice.token), (users) =>
            users.transferCurrentUserOwnership(alice.id)).pipe(Effect.flip)

          assert.deepStrictEqual(outline(error), { tag: "InvalidRequest", status: 400, code: "invalid_input" })
        }))

      it.effect("to an unknown user is a 404 NotFound", () =>
        Effect.gen(function*() {
          const alice = yield* seededOwner

          const error = yield* Effect.flatMap(usersApi(alice.token), (users) =>
            users.transferCurrentUserOwnership(unknownUserId)).pipe(Effect.flip)

          assert.deepStrictEqual(outline(error), { tag: "NotFound", status: 404, code: "not_found" })
        }))

      it.effect("to a target that is not a UUID sends nothing", () =>
        Effect.gen(function*() {
          const fake = yield* FakeTmi.FakeTmi
          const alice = yield* seededOwner
          const before = (yield* fake.requests).length

          const error = yield* Effect.flatMap(usersApi(alice.token), (users) =>
            users.transferCurrentUserOwnership("not-a-uuid")).pipe(Effect.flip)

          assert.deepStrictEqual(outline(error), { tag: "InvalidRequest", status: undefined, code: undefined })
          assert.strictEqual((yield* fake.requests).length, before)
        }))
    })

    describe("deletion", () => {
      it.effect("step 1, a wrong challenge, then step 2 deletes the account and revokes the token", () =>
        Effect.gen(function*() {
          const fake = yield* FakeTmi.FakeTmi
          const alice = yield* seededOwner
          const users = yield* usersApi(alice.token)

          const challenge = yield* users.deleteUserAccount()
          const wrong = yield* users.deleteUserAccount(`${challenge.challengeText} (edited)`).pipe(Effect.flip)
          yield* users.deleteUserAccount(challenge)

          assert.deepStrictEqual(outline(wrong), { tag: "ChallengeMismatch", status: 400, code: "invalid_challenge" })
          assert.isTrue(Option.isNone(yield* fake.user(alice.id)))
          assert.strictEqual(yield* fake.tokenStatus(alice.token), "Revoked")
        }))
    })

    describe("logout", () => {
      it.effect("revokes the token with a 204", () =>
        Effect.gen(function*() {
          const fake = yield* FakeTmi.FakeTmi
          const bob = yield* fake.createUser()

          yield* Effect.flatMap(usersApi(bob.token), (users) => users.logoutCurrentUser())

          assert.strictEqual(yield* fake.tokenStatus(bob.token), "Revoked")
        }))
    })

    describe("revoked tokens", () => {
      it.effect.each(["logout", "deletion"] as const)(
        "after %s every operation answers 401",
        (how) =>
          Effect.gen(function*() {
            const fake = yield* FakeTmi.FakeTmi
            const carol = yield* seededOwner
            const dave = yield* fake.createUser()
            const users = yield* usersApi(carol.token)
            if (how === "logout") {
              yield* users.logoutCurrentUser()
            } else {
              yield* Effect.flatMap(users.deleteUserAccount(), users.deleteUserAccount)
            }

            // A fresh client still holds the dead token, so each call really reaches the server.
            const errors = yield* Effect.forEach(
              routes,
              (route) => Effect.flatMap(usersApi(carol.token), (fresh) => call(fresh, route, dave.id)).pipe(Effect.flip)
            )

            assert.deepStrictEqual(
              errors.map(outline),
              routes.map(() => ({ tag: "Unauthorized", status: 401, code: "unauthorized" }))
            )
          })
      )
    })

    describe("faults", () => {
      // Every error status the contract documents for an operation, read from the contract,
      // so a status it adds later fails here until the client has a meaning for it.
      const spec = readSpec(Prism.usersSpecPath)
      const operationOf: Record<FakeTmi.Route, readonly [path: string, method: string]> = {
        requestChallenge: ["/me", "delete"],
        confirmDeletion: ["/me", "delete"],
        logout: ["/me/logout", "post"],
        transfer: ["/me/transfer", "post"]
      }
      const documentedErrors = (route: FakeTmi.Route): Array<number> => {
        const [path, method] = operationOf[route]
        const operation = spec.paths[path]?.[method] as { readonly responses: Record<string, unknown> }
        return Object.keys(operation.responses).map(Number).filter((status) => status >= 400).sort((a, b) => a - b)
      }
      const meaning: Record<number, { readonly tag: string; readonly code: string }> = {
        400: { tag: "InvalidRequest", code: "invalid_input" },
        401: { tag: "Unauthorized", code: "unauthorized" },
        404: { tag: "NotFound", code: "not_found" },
        405: { tag: "InvalidRequest", code: "method_not_allowed" },
        406: { tag: "InvalidRequest", code: "not_acceptable" },
        415: { tag: "InvalidRequest", code: "unsupported_media_type" },
        429: { tag: "RateLimited", code: "rate_limit_exceeded" },
        500: { tag: "ServerError", code: "server_error" },
        503: { tag: "ServiceUnavailable", code: "service_unavailable" }
      }
      const cases = routes.flatMap((route) =>
        documentedErrors(route).map((status) => ({ route, status, ...(meaning[status] ?? { tag: "?", code: "?" }) }))
      )

      it.effect.each(cases)(
        "$route answering $status is a $tag",
        ({ code, route, status, tag }) =>
          Effect.gen(function*() {
            const fake = yield* FakeTmi.FakeTmi
            const [erin, frank] = [yield* seededOwner, yield* fake.createUser()]
            yield* fake.inject(Fault.status(status), { routes: route, times: 1 })

            const error = yield* Effect.flatMap(usersApi(erin.token), (users) => call(users, route, frank.id)).pipe(
              Effect.flip
            )

            assert.deepStrictEqual(outline(error), { tag, status, code })
          })
      )

      it.effect("the fake's own rate limit answers 429 with Retry-After and X-RateLimit-*", () =>
        Effect.gen(function*() {
          const fake = yield* FakeTmi.FakeTmi
          const gina = yield* fake.createUser()
          const users = yield* usersApi(gina.token)
          yield* Effect.repeatN(users.deleteUserAccount(), rateLimit - 1)

          const error = yield* users.deleteUserAccount().pipe(Effect.flip)

          assert.strictEqual(error._tag, "RateLimited")
          if (error._tag !== "RateLimited") return
          assert.isDefined(error.retryAfter)
          assert.strictEqual(error.rateLimit?.limit, rateLimit)
          assert.strictEqual(error.rateLimit?.remaining, 0)
        }))
    })

    describe("what Prism refuses", () => {
      const raw = (request: HttpClientRequest.HttpClientRequest) =>
        Effect.gen(function*() {
          const prism = yield* PrismProxy
          const fake = yield* FakeTmi.FakeTmi
          const harry = yield* fake.createUser()
          const before = (yield* fake.requests).length
          // A plain client: this request is meant to break the contract.
          const response = yield* HttpClient.execute(
            request.pipe(HttpClientRequest.prependUrl(prism.url), HttpClientRequest.bearerToken(harry.token))
          ).pipe(Effect.provide(FetchHttpClient.layer))
          return {
            status: response.status,
            objections: yield* Prism.objections(response),
            reachedFake: (yield* fake.requests).length > before
          }
        })

      it.effect("a transfer to a target that is not a UUID, sent raw, is refused with 422", () =>
        Effect.gen(function*() {
          const answer = yield* raw(
            HttpClientRequest.post("/me/transfer").pipe(
              HttpClientRequest.bodyUnsafeJson({ target_user_id: "not-a-uuid" })
            )
          )

          assert.strictEqual(answer.status, 422)
          assert.isFalse(answer.reachedFake)
          assert.include(answer.objections.join("\n"), "target_user_id must match format \"uuid\"")
        }))

      it.effect("a challenge with a control character, sent raw, is refused with 422", () =>
        Effect.gen(function*() {
          const answer = yield* raw(
            HttpClientRequest.del("/me").pipe(HttpClientRequest.setUrlParam("challenge", "a\u0001b"))
          )

          assert.strictEqual(answer.status, 422)
          assert.isFalse(answer.reachedFake)
          assert.include(answer.objections.join("\n"), "query.challenge")
        }))
    })

    describe("the checks themselves", () => {
      it.effect("an answer with a property the contract lacks fails with Prism's violation", () =>
        Effect.gen(function*() {
          const fake = yield* FakeTmi.FakeTmi
          const ivan = yield* fake.createUser()
          const body = { challenge_text: "x", expires_at: "2030-01-01T00:00:00Z", issued_at: "2030-01-01T00:00:00Z" }
          yield* fake.inject(Fault.malformedBody({ body: JSON.stringify(body) }), {
            routes: "requestChallenge",
            times: 1
          })

          const exit = yield* Effect.flatMap(usersApi(ivan.token), (users) => users.deleteUserAccount()).pipe(
            Effect.exit
          )

          assert.isTrue(Exit.isFailure(exit))
          const defect = Exit.isFailure(exit) ? Option.getOrUndefined(Cause.dieOption(exit.cause)) : undefined
          assert.instanceOf(defect, Prism.ContractViolation)
          assert.include(String(defect), "Response body must NOT have additional properties; found 'issued_at'")
        }))

      it.skipIf(!existsSync(Prism.fullSpecPath))("the trimmed spec Prism reads is the full spec's Users part", () => {
        const [trimmed, full] = [readSpec(Prism.usersSpecPath), readSpec(Prism.fullSpecPath)]
        assert.strictEqual(trimmed.info.version, full.info.version)
        for (const [path, operations] of Object.entries(trimmed.paths)) {
          for (const [method, operation] of Object.entries(operations)) {
            assert.deepStrictEqual(operation, full.paths[path]?.[method], `paths.${path}.${method}`)
          }
        }
        for (const [kind, entries] of Object.entries(trimmed.components)) {
          for (const [name, value] of Object.entries(entries)) {
            assert.deepStrictEqual(value, full.components[kind]?.[name], `components.${kind}.${name}`)
          }
        }
      })
    })
  })
} else {
  describe("Contract (Prism on the TMI spec)", () => {
    it.skip(`needs the TMI contract at ${Prism.usersSpecPath}`, () => {})
  })
}
