// A consumer's program, compiled by tsc against the packed tarballs and run with plain Node.
// The transport is a local Request -> Response function given to FetchHttpClient as its
// `fetch`, so real Request and Response objects cross the boundary and no socket is opened.
import { FetchHttpClient } from "@effect/platform"
import { TmiClient, TmiError, UsersApi } from "@tmi-effect/client"
import * as Testing from "@tmi-effect/client/testing"
import { DeletionChallenge, TransferOwnershipResult } from "@tmi-effect/schema"
import { Effect, Layer, Redacted } from "effect"
import assert from "node:assert/strict"

const token = "smoke-token-7f3c9a"
const successor = "6f1f0a2e-3c1b-4c55-9a8e-2b7f3a9d1c40"
const challengeText = "delete smoke account"

const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } })

const failure = (status: number, error: string): Response =>
  json(status, { error, error_description: `smoke server: ${error}` })

const serve = async (request: Request): Promise<Response> => {
  const url = new URL(request.url)
  if (request.headers.get("authorization") !== `Bearer ${token}`) return failure(401, "unauthorized")
  const route = `${request.method} ${url.pathname}`
  if (route === "POST /me/transfer") {
    const body = await request.json() as { readonly target_user_id?: unknown }
    if (body.target_user_id !== successor) return failure(404, "not_found")
    return json(200, {
      threat_models_transferred: { count: 1, threat_model_ids: ["0b9e6c1c-8f8e-4f3e-9d55-5b1e0c2a7d11"] },
      survey_responses_transferred: { count: 0, survey_response_ids: [] }
    })
  }
  if (route === "DELETE /me") {
    const challenge = url.searchParams.get("challenge")
    if (challenge === null) {
      return json(200, { challenge_text: challengeText, expires_at: new Date(Date.now() + 60_000).toISOString() })
    }
    return challenge === challengeText ? new Response(null, { status: 204 }) : failure(400, "invalid_challenge")
  }
  if (route === "POST /me/logout") return new Response(null, { status: 204 })
  return failure(405, "method_not_allowed")
}

const localFetch: typeof globalThis.fetch = (input, init) => serve(new Request(input, init))

const UsersLive = TmiClient.layer({
  baseUrl: "http://127.0.0.1:8080",
  token: Redacted.make(token),
  retry: false
}).pipe(
  Layer.provide(FetchHttpClient.layer),
  Layer.provide(Layer.succeed(FetchHttpClient.Fetch, localFetch))
)

const program = Effect.gen(function*() {
  const users = yield* UsersApi.UsersApi

  const moved = yield* users.transferCurrentUserOwnership(successor)
  assert.ok(moved instanceof TransferOwnershipResult)
  assert.equal(moved.threatModelsTransferred.count, 1)

  const missing = yield* Effect.flip(users.transferCurrentUserOwnership("00000000-0000-4000-8000-000000000000"))
  assert.ok(missing instanceof TmiError.NotFound, `expected NotFound, got ${missing._tag}`)
  assert.equal(missing.status, 404)

  const invalid = yield* Effect.flip(users.transferCurrentUserOwnership("not-a-uuid"))
  assert.ok(invalid instanceof TmiError.InvalidRequest && invalid.reason === "LocalValidation")

  const challenge = yield* users.deleteUserAccount()
  assert.ok(challenge instanceof DeletionChallenge)
  yield* users.deleteUserAccount(challenge)

  // The deletion revoked the fixed token, so the next call fails here without a request.
  const revoked = yield* Effect.flip(users.logoutCurrentUser())
  assert.ok(revoked instanceof TmiError.Unauthorized && revoked.reason === "TokenRevoked")
  for (const error of [missing, invalid, revoked]) {
    assert.ok(!JSON.stringify(error).includes(token) && !String(error).includes(token), "token leaked into an error")
  }
})

assert.ok(Object.keys(Testing).length > 0, "the testing entry exports nothing")

Effect.runPromise(Effect.provide(program, UsersLive)).then(
  () => console.log("smoke: transfer, NotFound, local validation, two-step deletion and revocation behave"),
  (error: unknown) => {
    console.error("smoke: failed", error)
    process.exitCode = 1
  }
)
