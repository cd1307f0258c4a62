/**
 * The fake TMI server as an `HttpApp`. Requests pass the real server's checks in its
 * order: injected faults first (they stand for whatever sits in front of the server),
 * then the content type (415), strict JSON (400, before auth), bearer auth (401), the
 * rate limit (429), request validation (400), and the handler.
 *
 * @internal
 */
import type { HttpApp } from "@effect/platform"
import { HttpRouter, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import type { UserId } from "@tmi-effect/schema"
import { Clock, Data, Duration, Effect, Option, Ref, Stream } from "effect"
import type { RecordedRequest, Route, User } from "../FakeTmi.js"
import type { Fault } from "../Fault.js"
import { base64Url, randomBytes } from "./random.js"
import * as Store from "./store.js"

/** How long a deletion challenge stays valid, as on the real server. @internal */
export const challengeTtlMillis = 3 * 60 * 1000

/** @internal */
export interface ArmedFault {
  readonly routes: ReadonlySet<Route> | "all"
  readonly fault: Fault
  /** Requests left to hit; `Infinity` until cleared. */
  readonly remaining: number
}

/** @internal */
export interface Deps {
  readonly state: Ref.Ref<Store.State>
  readonly faults: Ref.Ref<ReadonlyArray<ArmedFault>>
  readonly journal: Ref.Ref<ReadonlyArray<RecordedRequest>>
  readonly ratePolicy: Store.RatePolicy | undefined
}

/**
 * Web `Response`s that stand for a dropped connection. A web handler cannot drop a
 * connection, so the in-process transport turns these into the failed `fetch` that a
 * real dropped connection causes.
 *
 * @internal
 */
export const droppedConnections = new WeakSet<Response>()

// =============================================================================
// Answers
// =============================================================================

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  HttpServerResponse.unsafeJson(body, { status, headers })

const problem = (status: number, error: string, description: string, headers: Record<string, string> = {}) =>
  json(status, { error, error_description: description }, headers)

const invalidInput = (description: string) => problem(400, "invalid_input", description)

/** What the auth middleware answers for a missing, malformed, unknown or revoked token: no `WWW-Authenticate`. */
const authenticationRequired = problem(401, "unauthorized", "Authentication required")

const rateHeaders = (status: Store.RateStatus): Record<string, string> => ({
  "x-ratelimit-limit": String(status.limit),
  "x-ratelimit-remaining": String(status.remaining),
  "x-ratelimit-reset": String(Math.ceil(status.resetAt / 1000))
})

/** How the answer reached the client, for the request journal. */
type Delivery = "Full" | "Truncated" | "None"

interface Outcome {
  readonly response: HttpServerResponse.HttpServerResponse
  readonly delivery: Delivery
  readonly fault: Fault["_tag"] | undefined
}

// =============================================================================
// Connection faults
// =============================================================================

/** How a cut body ends in process: the body stream fails, as reading a cut socket does. */
class ConnectionClosed extends Data.TaggedError("ConnectionClosed") {
  override get message() {
    return "connection closed before the body was complete"
  }
}

interface NodeSocketLike {
  readonly end: () => void
  readonly destroy: () => void
}

/** The Node socket under a request served by `@effect/platform-node`, when there is one. */
const socketOf = (request: HttpServerRequest.HttpServerRequest): NodeSocketLike | undefined => {
  const source: unknown = request.source
  if (typeof source !== "object" || source === null || !("socket" in source)) return undefined
  const socket: unknown = source.socket
  return typeof socket === "object" && socket !== null && "end" in socket && typeof socket.end === "function" &&
      "destroy" in socket && typeof socket.destroy === "function"
    ? socket as NodeSocketLike
    : undefined
}

const dropConnection = (request: HttpServerRequest.HttpServerRequest): HttpServerResponse.HttpServerResponse => {
  const socket = socketOf(request)
  if (socket !== undefined) {
    socket.destroy()
    // Nothing reaches the client any more; this answer only ends the request's fiber.
    return HttpServerResponse.empty({ status: 204 })
  }
  const marker = new Response(null, { status: 599 })
  droppedConnections.add(marker)
  return HttpServerResponse.raw(marker)
}

/**
 * Sends the first `keepBytes` of `response`'s body under a `Content-Length` that declares
 * all of it, then ends the connection: on a socket the client reads a short body and a
 * closed connection; in process the body stream fails where it stops.
 */
const truncate = (
  request: HttpServerRequest.HttpServerRequest,
  response: HttpServerResponse.HttpServerResponse,
  keepBytes: number | undefined
): Outcome => {
  const body = response.body
  if (body._tag !== "Uint8Array" || body.body.length === 0) {
    return { response: dropConnection(request), delivery: "None", fault: "TruncatedBody" }
  }
  const whole = body.body
  const kept = whole.subarray(0, Math.max(0, Math.min(keepBytes ?? Math.floor(whole.length / 2), whole.length - 1)))
  const cut = Stream.unwrap(Effect.sync(() => {
    const socket = socketOf(request)
    if (socket === undefined) return Stream.fail(new ConnectionClosed())
    // `end` flushes what was written, then closes: the client sees the declared length unmet.
    socket.end()
    return Stream.empty
  }))
  return {
    response: HttpServerResponse.stream(Stream.concat(Stream.succeed(kept), cut), {
      status: response.status,
      headers: response.headers,
      contentType: body.contentType,
      contentLength: whole.length
    }),
    delivery: "Truncated",
    fault: "TruncatedBody"
  }
}

// =============================================================================
// Faults
// =============================================================================

interface TakenFaults {
  readonly delay: Duration.Duration
  /** The first armed fault that replaces or breaks the answer, if any. */
  readonly fault: Exclude<Fault, { readonly _tag: "Latency" }> | undefined
}

/** Takes the faults armed for `route`, using up one hit of each that applies. */
const takeFaults = (faults: Ref.Ref<ReadonlyArray<ArmedFault>>, route: Route): Effect.Effect<TakenFaults> =>
  Ref.modify(faults, (armed) => {
    let delay = Duration.zero
    let fault: TakenFaults["fault"] = undefined
    const next: Array<ArmedFault> = []
    for (const entry of armed) {
      const matches = entry.routes === "all" || entry.routes.has(route)
      let used = false
      if (matches && entry.fault._tag === "Latency") {
        delay = Duration.sum(delay, entry.fault.delay)
        used = true
      } else if (matches && fault === undefined && entry.fault._tag !== "Latency") {
        fault = entry.fault
        used = true
      }
      const remaining = used ? entry.remaining - 1 : entry.remaining
      if (remaining > 0) next.push({ ...entry, remaining })
    }
    return [{ delay, fault }, next]
  })

const methodOf: Readonly<Record<Route, string>> = {
  requestChallenge: "DELETE",
  confirmDeletion: "DELETE",
  logout: "POST",
  transfer: "POST"
}

const statusFaultAnswer = (
  route: Route,
  fault: Extract<Fault, { readonly _tag: "Status" }>,
  now: number,
  ratePolicy: Store.RatePolicy | undefined
) => {
  const headers: Record<string, string> = { ...fault.headers }
  if (fault.retryAfterSeconds !== undefined) headers["retry-after"] = String(fault.retryAfterSeconds)
  if (fault.status === 429) {
    Object.assign(
      headers,
      rateHeaders({
        allowed: false,
        limit: ratePolicy?.limit ?? 100,
        remaining: 0,
        resetAt: now + (fault.retryAfterSeconds ?? 60) * 1000
      })
    )
  }
  if (fault.status === 405 && headers["allow"] === undefined) headers["allow"] = methodOf[route]
  return problem(fault.status, fault.error, fault.errorDescription, headers)
}

// =============================================================================
// Operations
// =============================================================================

interface Caller {
  readonly user: User
  readonly token: string
  readonly url: URL
  readonly body: Option.Option<unknown>
  readonly now: number
}

interface Operation {
  /** The first problem OpenAPI request validation would report, if any. */
  readonly validate: (url: URL, body: Option.Option<unknown>) => string | undefined
  readonly handle: (deps: Deps, caller: Caller) => Effect.Effect<HttpServerResponse.HttpServerResponse>
}

const controlCharacters = /[\x00-\x1F]/

const validateChallengeParam = (url: URL): string | undefined => {
  const challenge = url.searchParams.get("challenge")
  if (challenge === null) return undefined
  if (challenge.length > 1000) return "query parameter \"challenge\": maximum string length is 1000"
  if (controlCharacters.test(challenge)) return "query parameter \"challenge\": must not contain control characters"
  return undefined
}

const challengeText = (email: string, token: string) =>
  `I am user ${email}. I want to delete all my data. I understand that this cannot be undone and that threat ` +
  `models nobody else owns will be gone for good. My challenge token is ${token}.`

const requestChallenge: Operation = {
  validate: validateChallengeParam,
  handle: (deps, { now, user }) => {
    const text = challengeText(user.email, base64Url(randomBytes(32), { padding: true }))
    const expiresAt = now + challengeTtlMillis
    return Effect.as(
      Ref.update(deps.state, (state) => Store.putChallenge(state, user.id, { text, expiresAt })),
      json(200, { challenge_text: text, expires_at: new Date(expiresAt).toISOString() })
    )
  }
}

const confirmDeletion: Operation = {
  validate: validateChallengeParam,
  handle: (deps, { now, url, user }) =>
    Ref.modify(deps.state, (state) => {
      const [accepted, next] = Store.consumeChallenge(state, user.id, url.searchParams.get("challenge") ?? "", now)
      return accepted
        ? [HttpServerResponse.empty({ status: 204 }), Store.deleteUser(next, user.id)]
        : [problem(400, "invalid_challenge", "Invalid or expired challenge"), next]
    })
}

const logout: Operation = {
  validate: () => undefined,
  handle: (deps, { token }) =>
    Effect.as(
      Ref.update(deps.state, (state) => Store.revokeToken(state, token)),
      HttpServerResponse.empty({ status: 204 })
    )
}

const transferBodyProblem = (body: Option.Option<unknown>): string | undefined => {
  if (Option.isNone(body)) return "request body is required"
  const value = body.value
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "request body must be a JSON object"
  const extra = Object.keys(value).find((key) => key !== "target_user_id")
  if (extra !== undefined) return `property "${extra}" is unsupported`
  if (!("target_user_id" in value)) return "property \"target_user_id\" is missing"
  if (typeof value.target_user_id !== "string") return "property \"target_user_id\" must be a string"
  return undefined
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

const targetOf = (body: Option.Option<unknown>): string =>
  Option.match(body, {
    onNone: () => "",
    onSome: (value) =>
      typeof value === "object" && value !== null && "target_user_id" in value &&
        typeof value.target_user_id === "string"
        ? value.target_user_id
        : ""
  })

const transfer: Operation = {
  validate: (_url, body) => transferBodyProblem(body),
  handle: (deps, { body, user }) => {
    const target = targetOf(body)
    if (!uuidPattern.test(target)) return Effect.succeed(invalidInput("Invalid target_user_id: must be a UUID"))
    const targetId = target.toLowerCase() as UserId
    if (targetId === user.id) return Effect.succeed(invalidInput("Cannot transfer ownership to yourself"))
    return Ref.modify(deps.state, (state) => {
      if (!state.users.has(targetId)) return [problem(404, "not_found", "Target user not found"), state]
      const [moved, next] = Store.transferOwnership(state, user.id, targetId)
      return [
        json(200, {
          threat_models_transferred: { count: moved.threatModelIds.length, threat_model_ids: moved.threatModelIds },
          survey_responses_transferred: {
            count: moved.surveyResponseIds.length,
            survey_response_ids: moved.surveyResponseIds
          }
        }),
        next
      ]
    })
  }
}

const operations: Readonly<Record<Route, Operation>> = { requestChallenge, confirmDeletion, logout, transfer }

// =============================================================================
// The request pipeline
// =============================================================================

const bearerPattern = /^Bearer +([^\s]+)$/i

/** `Some` of the parsed value, or `None` when `text` is not JSON. */
const parseJson = (text: string): Option.Option<Option.Option<unknown>> => {
  try {
    return Option.some(Option.some(JSON.parse(text)))
  } catch {
    return Option.none()
  }
}

const isJsonMediaType = (contentType: string | undefined): boolean =>
  contentType !== undefined && contentType.split(";")[0]!.trim().toLowerCase() === "application/json"

/** Everything after the faults: the real server's own checks, then the handler. */
const handleNormally = (
  deps: Deps,
  route: Route,
  request: HttpServerRequest.HttpServerRequest,
  url: URL
): Effect.Effect<HttpServerResponse.HttpServerResponse> =>
  Effect.gen(function*() {
    const text = request.method === "POST"
      ? yield* Effect.orElseSucceed(request.text, () => undefined)
      : ""
    if (text === undefined) return invalidInput("Request body could not be read")
    if (text !== "" && !isJsonMediaType(request.headers["content-type"])) {
      return problem(415, "unsupported_media_type", "Content-Type must be application/json")
    }
    const body = text === "" ? Option.some(Option.none()) : parseJson(text)
    if (Option.isNone(body)) return invalidInput("Request body is not valid JSON")

    const token = bearerPattern.exec(request.headers["authorization"] ?? "")?.[1]
    const now = yield* Clock.currentTimeMillis
    const user = token === undefined ? undefined : Store.authenticate(yield* Ref.get(deps.state), token)
    if (token === undefined || user === undefined) return authenticationRequired

    let limitHeaders: Record<string, string> = {}
    if (deps.ratePolicy !== undefined) {
      const policy = deps.ratePolicy
      const status = yield* Ref.modify(deps.state, (state) => Store.countRequest(state, user.id, now, policy))
      limitHeaders = rateHeaders(status)
      if (!status.allowed) {
        const retryAfter = Math.max(1, Math.ceil((status.resetAt - now) / 1000))
        return problem(
          429,
          "rate_limit_exceeded",
          `Rate limit exceeded: ${policy.limit} requests per window. Retry after ${retryAfter} seconds.`,
          { ...limitHeaders, "retry-after": String(retryAfter) }
        )
      }
    }

    const operation = operations[route]
    const invalid = operation.validate(url, body.value)
    const response = invalid !== undefined
      ? invalidInput(`Request validation failed: ${invalid}`)
      : yield* operation.handle(deps, { user, token, url, body: body.value, now })
    return HttpServerResponse.setHeaders(response, limitHeaders)
  })

const respond = (deps: Deps, route: Route): Effect.Effect<Outcome, never, HttpServerRequest.HttpServerRequest> =>
  Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const url = new URL(request.url, "http://fake-tmi.invalid")
    const { delay, fault } = yield* takeFaults(deps.faults, route)
    if (Duration.greaterThan(delay, Duration.zero)) yield* Effect.sleep(delay)

    switch (fault?._tag) {
      case "Status":
        return {
          response: statusFaultAnswer(route, fault, yield* Clock.currentTimeMillis, deps.ratePolicy),
          delivery: "Full",
          fault: fault._tag
        }
      case "MalformedBody":
        return {
          response: HttpServerResponse.text(fault.body, { status: fault.status, contentType: fault.contentType }),
          delivery: "Full",
          fault: fault._tag
        }
      case "Disconnect":
        if (!fault.afterHandling) return { response: dropConnection(request), delivery: "None", fault: fault._tag }
    }

    const response = yield* handleNormally(deps, route, request, url)
    switch (fault?._tag) {
      case "Disconnect":
        return { response: dropConnection(request), delivery: "None", fault: fault._tag }
      case "TruncatedBody":
        return truncate(request, response, fault.keepBytes)
      default:
        return { response, delivery: "Full", fault: undefined }
    }
  })

const allowedMethods: Readonly<Record<string, string>> = {
  "/me": "DELETE",
  "/me/logout": "POST",
  "/me/transfer": "POST"
}

const notRouted: Effect.Effect<Outcome, never, HttpServerRequest.HttpServerRequest> = Effect.map(
  HttpServerRequest.HttpServerRequest,
  (request) => {
    const allow = allowedMethods[new URL(request.url, "http://fake-tmi.invalid").pathname]
    const response = allow === undefined
      ? problem(404, "not_found", "Resource not found")
      : problem(405, "method_not_allowed", "The HTTP method is not supported for this endpoint", { allow })
    return { response, delivery: "Full", fault: undefined }
  }
)

const deleteRoute = (url: URL): Route => {
  const challenge = url.searchParams.get("challenge")
  return challenge === null || challenge === "" ? "requestChallenge" : "confirmDeletion"
}

const requestIdPattern = /^[\w.:-]{1,128}$/

/**
 * Builds the fake's `HttpApp` over its state. Every answer carries `Date` (from the
 * `Clock`) and `X-Request-ID` (the client's own when it sent a sane one); every request
 * lands in the journal.
 *
 * @internal
 */
export const makeApp = (deps: Deps): HttpApp.Default => {
  const serve = (routeOf: (url: URL) => Route | undefined) =>
    Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) => {
      const url = new URL(request.url, "http://fake-tmi.invalid")
      const route = routeOf(url)
      return Effect.tap(
        route === undefined ? notRouted : respond(deps, route),
        (outcome) =>
          Ref.update(deps.journal, (journal) => [...journal, {
            method: request.method,
            path: url.pathname,
            route,
            status: outcome.delivery === "None" ? undefined : outcome.response.status,
            fault: outcome.fault
          }])
      )
    })

  const router = HttpRouter.empty.pipe(
    HttpRouter.del("/me", Effect.map(serve(deleteRoute), (outcome) => outcome.response)),
    HttpRouter.post("/me/logout", Effect.map(serve(() => "logout"), (outcome) => outcome.response)),
    HttpRouter.post("/me/transfer", Effect.map(serve(() => "transfer"), (outcome) => outcome.response))
  )

  return Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const response = yield* router.pipe(
      Effect.catchTag("RouteNotFound", () => Effect.map(serve(() => undefined), (outcome) => outcome.response))
    )
    const sentId = request.headers["x-request-id"]
    return HttpServerResponse.setHeaders(response, {
      date: new Date(yield* Clock.currentTimeMillis).toUTCString(),
      "x-request-id": sentId !== undefined && requestIdPattern.test(sentId) ? sentId : globalThis.crypto.randomUUID()
    })
  })
}
