import { assert, describe, it } from "@effect/vitest"
import { DateTime, Duration, Effect, Exit, Layer, Redacted, TestClock } from "effect"
import { readFileSync } from "node:fs"
import type { TmiError } from "../src/index.js"
import { TmiAuth, TmiClient, TmiConfig, UsersApi } from "../src/index.js"
import type { Handler } from "./utils.js"
import {
  canaryToken,
  capturingLogger,
  clientLayer,
  empty,
  json,
  recordingFetch,
  recordingTracer,
  renderings
} from "./utils.js"

const alice = "550e8400-e29b-41d4-a716-446655440000"
const bob = "550e8400-e29b-41d4-a716-446655440099"
const threatModel = "550e8400-e29b-41d4-a716-446655440001"
const surveyResponse = "660e8400-e29b-41d4-a716-446655440001"

const transferBody = {
  threat_models_transferred: { count: 1, threat_model_ids: [threatModel] },
  survey_responses_transferred: { count: 1, survey_response_ids: [surveyResponse] }
}

/** A challenge the way the server writes it: `+` in the email, URL-safe base64 token. */
const challengeText = "I am user a+b@example.com. I want to delete all my data. " +
  "My challenge token is Zm9v-YmFy_YmF6+&=cXV4=."

const challengeBody = (expiresAt: string) => ({ challenge_text: challengeText, expires_at: expiresAt })

const run = <A, E>(handler: Handler, body: Effect.Effect<A, E, UsersApi.UsersApi>) => {
  const { layer, seen } = clientLayer(handler)
  return { seen, effect: Effect.provide(body, layer) }
}

describe("UsersApi", () => {
  describe("deleteUserAccount", () => {
    it.effect("step 1 sends DELETE /me without a query and yields the challenge", () => {
      const { effect, seen } = run(
        () => json(200, challengeBody("1970-01-01T00:03:00Z")),
        Effect.flatMap(UsersApi.UsersApi, (api) => api.deleteUserAccount())
      )
      return Effect.gen(function*() {
        const challenge = yield* effect
        assert.strictEqual(challenge.challengeText, challengeText)
        assert.strictEqual(seen.length, 1)
        assert.strictEqual(seen[0]?.method, "DELETE")
        assert.strictEqual(seen[0]?.url.href, "https://tmi.test/me")
        assert.strictEqual(seen[0]?.headers.get("authorization"), `Bearer ${canaryToken}`)
        assert.strictEqual(seen[0]?.headers.get("accept"), "application/json")
      })
    })

    it.effect("step 2 sends the challenge text byte for byte and yields nothing on 204", () => {
      const { effect, seen } = run(
        () => empty(204),
        Effect.flatMap(UsersApi.UsersApi, (api) => api.deleteUserAccount(challengeText))
      )
      return Effect.gen(function*() {
        yield* effect
        assert.strictEqual(seen[0]?.method, "DELETE")
        assert.strictEqual(seen[0]?.url.pathname, "/me")
        assert.deepStrictEqual([...seen[0]!.url.searchParams.keys()], ["challenge"])
        assert.strictEqual(seen[0]?.url.searchParams.get("challenge"), challengeText)
      })
    })

    it.effect("a challenge whose expiresAt has passed on the Clock is refused without a request", () => {
      const { effect, seen } = run(
        (request) => request.url.search === "" ? json(200, challengeBody("1970-01-01T00:03:00Z")) : empty(204),
        Effect.gen(function*() {
          const api = yield* UsersApi.UsersApi
          const challenge = yield* api.deleteUserAccount()
          yield* TestClock.adjust("3 minutes")
          return yield* Effect.flip(api.deleteUserAccount(challenge))
        })
      )
      return Effect.gen(function*() {
        const error = yield* effect
        assert.strictEqual(error._tag, "ChallengeMismatch")
        assert.strictEqual(error._tag === "ChallengeMismatch" && error.reason, "Expired")
        assert.strictEqual(seen.length, 1)
      })
    })

    it.effect("a challenge still valid by a second is sent", () => {
      const { effect, seen } = run(
        (request) => request.url.search === "" ? json(200, challengeBody("1970-01-01T00:03:00Z")) : empty(204),
        Effect.gen(function*() {
          const api = yield* UsersApi.UsersApi
          const challenge = yield* api.deleteUserAccount()
          yield* TestClock.adjust("179 seconds")
          yield* api.deleteUserAccount(challenge)
        })
      )
      return Effect.gen(function*() {
        yield* effect
        assert.strictEqual(seen.length, 2)
      })
    })

    it.effect("measures validity against the server's Date header, not the local clock", () => {
      // The server's clock runs decades ahead of the TestClock; it grants three minutes.
      const { effect } = run(
        () =>
          json(200, challengeBody("2030-01-01T00:03:00Z"), { date: new Date("2030-01-01T00:00:00Z").toUTCString() }),
        Effect.flatMap(UsersApi.UsersApi, (api) => api.deleteUserAccount())
      )
      return Effect.gen(function*() {
        const challenge = yield* effect
        // Three minutes granted, less the second the header's resolution may hide.
        assert.strictEqual(DateTime.formatIso(challenge.expiresAt), "1970-01-01T00:02:59.000Z")
      })
    })

    it.effect("deleteAccount sends step 2 only after an explicit yes", () => {
      const handler: Handler = (request) =>
        request.url.search === "" ? json(200, challengeBody("1970-01-01T00:03:00Z")) : empty(204)
      const declined = run(handler, UsersApi.deleteAccount(() => Effect.succeed(false)))
      const confirmed = run(
        handler,
        UsersApi.deleteAccount((challenge) => Effect.succeed(challenge.challengeText === challengeText))
      )
      return Effect.gen(function*() {
        assert.strictEqual(yield* declined.effect, "Declined")
        assert.deepStrictEqual(declined.seen.map((r) => r.url.search), [""])
        assert.strictEqual(yield* confirmed.effect, "Deleted")
        assert.strictEqual(confirmed.seen.length, 2)
      })
    })
  })

  describe("transferCurrentUserOwnership", () => {
    it.effect("posts exactly target_user_id as JSON and decodes the result", () => {
      const { effect, seen } = run(
        () => json(200, { ...transferBody, added_by_a_newer_server: true }),
        Effect.flatMap(UsersApi.UsersApi, (api) => api.transferCurrentUserOwnership(bob))
      )
      return Effect.gen(function*() {
        const result = yield* effect
        assert.deepStrictEqual<ReadonlyArray<string>>(result.threatModelsTransferred.threatModelIds, [threatModel])
        assert.deepStrictEqual<ReadonlyArray<string>>(result.surveyResponsesTransferred.surveyResponseIds, [
          surveyResponse
        ])
        assert.strictEqual(seen[0]?.method, "POST")
        assert.strictEqual(seen[0]?.url.href, "https://tmi.test/me/transfer")
        assert.strictEqual(seen[0]?.headers.get("content-type"), "application/json")
        assert.strictEqual(seen[0]?.body, JSON.stringify({ target_user_id: bob }))
      })
    })
  })

  describe("logoutCurrentUser", () => {
    it.effect("posts /me/logout with no body and yields nothing on 204", () => {
      const { effect, seen } = run(
        () => empty(204),
        Effect.flatMap(UsersApi.UsersApi, (api) => api.logoutCurrentUser())
      )
      return Effect.gen(function*() {
        yield* effect
        assert.strictEqual(seen[0]?.method, "POST")
        assert.strictEqual(seen[0]?.url.href, "https://tmi.test/me/logout")
        assert.strictEqual(seen[0]?.body, "")
      })
    })
  })
})

// =============================================================================
// Every documented status of every operation
// =============================================================================

type Operation = "requestChallenge" | "confirmDeletion" | "logout" | "transfer"

const operations: Record<Operation, (api: UsersApi.Service) => Effect.Effect<unknown, TmiError.TmiError>> = {
  requestChallenge: (api) => api.deleteUserAccount(),
  confirmDeletion: (api) => api.deleteUserAccount(challengeText),
  logout: (api) => api.logoutCurrentUser(),
  transfer: (api) => api.transferCurrentUserOwnership(bob)
}

const errorBody = (error: string, description: string) => ({ error, error_description: description })

interface StatusCase {
  readonly status: number
  readonly body: unknown
  readonly headers?: Record<string, string>
  readonly expected: string
  readonly reason?: string
}

const commonCases: ReadonlyArray<StatusCase> = [
  {
    status: 400,
    body: errorBody("invalid_input", "Invalid request"),
    expected: "InvalidRequest",
    reason: "BadRequest"
  },
  {
    status: 401,
    body: errorBody("unauthorized", "Authentication required"),
    expected: "Unauthorized",
    reason: "Rejected"
  },
  {
    status: 405,
    body: errorBody("method_not_allowed", "Not supported"),
    headers: { allow: "GET" },
    expected: "InvalidRequest",
    reason: "MethodNotAllowed"
  },
  { status: 406, body: errorBody("not_acceptable", "JSON only"), expected: "InvalidRequest", reason: "NotAcceptable" },
  {
    status: 415,
    body: errorBody("unsupported_media_type", "JSON only"),
    expected: "InvalidRequest",
    reason: "UnsupportedMediaType"
  },
  {
    status: 429,
    body: errorBody("rate_limit_exceeded", "Slow down"),
    headers: { "retry-after": "60" },
    expected: "RateLimited"
  },
  { status: 500, body: { error: "An internal server error occurred", request_id: "r-1" }, expected: "ServerError" },
  {
    status: 503,
    body: errorBody("service_unavailable", "Cache down"),
    headers: { "retry-after": "30" },
    expected: "ServiceUnavailable"
  },
  { status: 409, body: errorBody("conflict", "?"), expected: "UnexpectedResponse", reason: "Status" }
]

const statusCases: ReadonlyArray<readonly [Operation, StatusCase]> = [
  ...(Object.keys(operations) as Array<Operation>).flatMap((operation) =>
    commonCases.map((entry) => [operation, entry] as const)
  ),
  ["requestChallenge", { status: 404, body: errorBody("not_found", "?"), expected: "UnexpectedResponse" }],
  ["logout", { status: 404, body: errorBody("not_found", "?"), expected: "UnexpectedResponse" }],
  ["confirmDeletion", { status: 404, body: errorBody("not_found", "?"), expected: "UnexpectedResponse" }],
  ["transfer", { status: 404, body: errorBody("not_found", "User not found"), expected: "NotFound" }],
  [
    "confirmDeletion",
    {
      status: 400,
      body: errorBody("invalid_challenge", "Invalid or expired challenge"),
      expected: "ChallengeMismatch",
      reason: "Rejected"
    }
  ],
  [
    "requestChallenge",
    {
      status: 400,
      body: errorBody("invalid_challenge", "Invalid or expired challenge"),
      expected: "InvalidRequest",
      reason: "BadRequest"
    }
  ]
]

describe("status mapping", () => {
  it.effect.each(statusCases)("%s: %o", ([operation, entry]) => {
    const { effect } = run(
      () => json(entry.status, entry.body, { "x-request-id": "req-42", ...entry.headers }),
      Effect.flatMap(UsersApi.UsersApi, operations[operation])
    )
    return Effect.gen(function*() {
      const error = yield* Effect.flip(effect)
      assert.strictEqual(error._tag, entry.expected)
      assert.strictEqual("status" in error ? error.status : undefined, entry.status)
      assert.strictEqual("requestId" in error ? error.requestId : undefined, "req-42")
      if (entry.reason !== undefined) assert.strictEqual("reason" in error ? error.reason : undefined, entry.reason)
      if ("errorCode" in error && typeof entry.body === "object" && entry.body !== null && "error" in entry.body) {
        assert.strictEqual(error.errorCode, entry.body.error)
      }
    })
  })

  it.effect("429 carries Retry-After and the X-RateLimit values", () => {
    const { effect } = run(
      () =>
        json(429, errorBody("rate_limit_exceeded", "Slow down"), {
          "retry-after": "45",
          "x-ratelimit-limit": "100",
          "x-ratelimit-remaining": "0",
          "x-ratelimit-reset": "1735689600"
        }),
      Effect.flatMap(UsersApi.UsersApi, (api) => api.logoutCurrentUser())
    )
    return Effect.gen(function*() {
      const error = yield* Effect.flip(effect)
      assert.strictEqual(error._tag, "RateLimited")
      if (error._tag !== "RateLimited") return
      assert.strictEqual(error.retryAfter && Duration.toMillis(error.retryAfter), 45_000)
      assert.deepStrictEqual({ ...error.rateLimit }, { limit: 100, remaining: 0, reset: 1735689600 })
    })
  })

  it.effect("401 parses the WWW-Authenticate challenge when the server sends one", () => {
    const { effect } = run(
      () =>
        json(401, errorBody("invalid_token", "Token expired"), {
          "www-authenticate":
            "Bearer realm=\"tmi\", error=\"invalid_token\", error_description=\"The token expired\", max_age=0"
        }),
      Effect.flatMap(UsersApi.UsersApi, (api) => api.transferCurrentUserOwnership(bob))
    )
    return Effect.gen(function*() {
      const error = yield* Effect.flip(effect)
      assert.strictEqual(error._tag, "Unauthorized")
      if (error._tag !== "Unauthorized") return
      assert.deepStrictEqual({ ...error.challenge }, {
        scheme: "Bearer",
        realm: "tmi",
        error: "invalid_token",
        errorDescription: "The token expired",
        maxAge: 0
      })
    })
  })

  it.effect("a 200 whose body does not decode is an UnexpectedResponse with an excerpt", () => {
    const { effect } = run(
      () => json(200, { threat_models_transferred: { count: -1 } }),
      Effect.flatMap(UsersApi.UsersApi, (api) => api.transferCurrentUserOwnership(bob))
    )
    return Effect.gen(function*() {
      const error = yield* Effect.flip(effect)
      assert.strictEqual(error._tag, "UnexpectedResponse")
      if (error._tag !== "UnexpectedResponse") return
      assert.strictEqual(error.reason, "Decode")
      assert.include(error.excerpt, "threat_models_transferred")
    })
  })
})

// =============================================================================
// Local validation
// =============================================================================

describe("local validation", () => {
  const invalidInputs: Array<readonly [string, (api: UsersApi.Service) => Effect.Effect<unknown, TmiError.TmiError>]> =
    [
      ["a target that is not a UUID", (api) => api.transferCurrentUserOwnership("alice")],
      ["a challenge with a control character", (api) => api.deleteUserAccount("yes\r\nX-Evil: 1")],
      ["a challenge over 1,000 characters", (api) => api.deleteUserAccount("x".repeat(1001))]
    ]

  it.effect.each(invalidInputs)("%s fails with InvalidRequest and sends nothing", ([, call]) => {
    const { effect, seen } = run(() => empty(204), Effect.flatMap(UsersApi.UsersApi, call))
    return Effect.gen(function*() {
      const error = yield* Effect.flip(effect)
      assert.strictEqual(error._tag, "InvalidRequest")
      assert.strictEqual(error._tag === "InvalidRequest" && error.reason, "LocalValidation")
      assert.strictEqual(seen.length, 0)
    })
  })

  it.effect("a token with CR/LF is refused locally as Unauthorized", () => {
    const transport = recordingFetch(() => empty(204))
    const layer = TmiClient.layer({ baseUrl: "https://tmi.test", token: Redacted.make("abc\r\nX-Evil: 1") }).pipe(
      Layer.provide(transport.layer),
      Layer.orDie
    )
    return Effect.gen(function*() {
      const error = yield* Effect.flip(Effect.flatMap(UsersApi.UsersApi, (api) => api.logoutCurrentUser()))
      assert.strictEqual(error._tag, "Unauthorized")
      assert.strictEqual(error._tag === "Unauthorized" && error.reason, "TokenMalformed")
      assert.strictEqual(transport.seen.length, 0)
    }).pipe(Effect.provide(layer))
  })

  it.effect.each(
    [
      ["http://tmi.example.com", false],
      ["http://127.0.0.1:8080", true],
      ["http://localhost:8080", true],
      ["http://[::1]:8080", true],
      ["https://tmi.example.com/api/", true],
      ["ftp://tmi.example.com", false],
      ["https://user:secret@tmi.example.com", false],
      ["not a url", false]
    ] as const
  )("base URL %s accepted: %s", ([baseUrl, accepted]) =>
    Effect.gen(function*() {
      const exit = yield* Effect.exit(TmiConfig.make({ baseUrl }))
      assert.strictEqual(Exit.isSuccess(exit), accepted)
    }))

  it("the default User-Agent names the package's version", () => {
    const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      version: string
    }
    assert.strictEqual(TmiConfig.defaultUserAgent, `tmi-effect/${manifest.version}`)
  })

  it.effect("plain http to another host is allowed only with allowInsecureHttp", () =>
    Effect.gen(function*() {
      const config = yield* TmiConfig.make({ baseUrl: "http://tmi.internal/", allowInsecureHttp: true })
      assert.strictEqual(config.baseUrl, "http://tmi.internal")
    }))
})

// =============================================================================
// Tokens and redaction
// =============================================================================

describe("tokens", () => {
  it.effect("after logout a fixed token is forgotten and never sent again", () => {
    const { effect, seen } = run(
      () => empty(204),
      Effect.gen(function*() {
        const api = yield* UsersApi.UsersApi
        yield* api.logoutCurrentUser()
        return yield* Effect.flip(api.transferCurrentUserOwnership(bob))
      })
    )
    return Effect.gen(function*() {
      const error = yield* effect
      assert.strictEqual(error._tag, "Unauthorized")
      assert.strictEqual(error._tag === "Unauthorized" && error.reason, "TokenRevoked")
      assert.strictEqual(seen.length, 1)
    })
  })

  it.effect("a token provider is asked for a fresh token on every call", () => {
    const transport = recordingFetch(() => empty(204))
    let issued = 0
    const auth = TmiAuth.layerEffect(Effect.sync(() => Redacted.make(`token-${++issued}`)))
    const layer = TmiClient.layerFrom(TmiConfig.layer({ baseUrl: "https://tmi.test" }), auth).pipe(
      Layer.provide(transport.layer),
      Layer.orDie
    )
    return Effect.gen(function*() {
      const api = yield* UsersApi.UsersApi
      yield* api.logoutCurrentUser()
      yield* api.logoutCurrentUser()
      assert.deepStrictEqual(transport.seen.map((r) => r.headers.get("authorization")), [
        "Bearer token-1",
        "Bearer token-2"
      ])
    }).pipe(Effect.provide(layer))
  })

  it.effect("the token appears in no error, log line or span, at any level", () =>
    Effect.gen(function*() {
      const logs = capturingLogger()
      const { rendered, tracer } = yield* recordingTracer
      const echoing: Handler = (request) =>
        json(401, errorBody("unauthorized", `bad ${request.headers.get("authorization")}`), {
          "www-authenticate": `Bearer error="invalid_token", error_description="${canaryToken}"`
        })
      const { layer } = clientLayer(echoing)
      const errors = yield* Effect.gen(function*() {
        const api = yield* UsersApi.UsersApi
        const failures = [
          yield* Effect.flip(api.logoutCurrentUser()),
          yield* Effect.flip(api.deleteUserAccount()),
          yield* Effect.flip(api.transferCurrentUserOwnership(alice))
        ]
        for (const failure of failures) {
          yield* Effect.logError("call failed", failure)
          yield* Effect.logDebug(failure)
        }
        return failures
      }).pipe(Effect.provide(Layer.merge(layer, logs.layer)), Effect.withTracer(tracer))

      const everything = [...errors.map(renderings), ...logs.lines, rendered()].join("\n")
      assert.isAbove(logs.lines.length, 5)
      assert.include(rendered(), "UsersApi.logoutCurrentUser")
      assert.notInclude(everything, canaryToken)
    }))
})
