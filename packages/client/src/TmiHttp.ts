/**
 * The HTTP stack under `UsersApi`: base URL, `Accept` and `User-Agent`, the bearer token,
 * the timeout, the retry policy, and the one place where a status and a body become a
 * typed error. The `HttpClient` stays a requirement, so any transport can be provided.
 *
 * @since 0.1.0
 */
import { FetchHttpClient, Headers, HttpBody, HttpClient, HttpClientRequest } from "@effect/platform"
import type { HttpClientError } from "@effect/platform"
import {
  Clock,
  Context,
  DateTime,
  Duration,
  Effect,
  Layer,
  Option,
  ParseResult,
  Random,
  Redacted,
  Schema
} from "effect"
import { ifTraced } from "./internal/tracing.js"
import * as TmiAuth from "./TmiAuth.js"
import * as TmiConfig from "./TmiConfig.js"
import type { CommonError } from "./TmiError.js"
import {
  BearerChallenge,
  ChallengeMismatch,
  InvalidRequest,
  NotFound,
  RateLimited,
  RateLimitInfo,
  ServerError,
  ServiceUnavailable,
  TransportError,
  Unauthorized,
  UnexpectedResponse
} from "./TmiError.js"

// =============================================================================
// Endpoints
// =============================================================================

/**
 * The failures only some operations document, by tag.
 *
 * @since 0.1.0
 * @category models
 */
export interface OptionalFailures {
  readonly NotFound: NotFound
  readonly ChallengeMismatch: ChallengeMismatch
}

/**
 * One operation as the HTTP layer sees it. `E` is the failures it adds to
 * {@link CommonError}.
 *
 * @since 0.1.0
 * @category models
 */
export interface Endpoint<E = never> {
  readonly operation: string
  readonly method: "DELETE" | "POST"
  readonly path: string
  readonly successStatus: 200 | 204
  /** Whether 404 is documented (as `NotFound`); otherwise it is an `UnexpectedResponse`. */
  readonly notFound: boolean
  /** Whether a 400 `invalid_challenge` is a `ChallengeMismatch`. */
  readonly challenge: boolean
  /**
   * Whether the request may be sent again after it may have reached the server. False
   * where a repeat could repeat or hide a side effect.
   */
  readonly repeatable: boolean
  /**
   * Whether the query holds something a trace must not export (the deletion challenge
   * quotes the user's email and a one-time token). Such a request gets no `http.client`
   * span, whose `url.full` and `url.query` attributes would carry it.
   */
  readonly secretQuery: boolean
  /** @internal phantom */
  readonly _E?: (_: never) => E
}

/**
 * Describes an operation; `documents` lists the optional failures it can produce.
 *
 * @since 0.1.0
 * @category constructors
 */
export const endpoint = <const Documents extends ReadonlyArray<keyof OptionalFailures> = []>(options: {
  readonly operation: string
  readonly method: "DELETE" | "POST"
  readonly path: string
  readonly successStatus: 200 | 204
  readonly repeatable: boolean
  readonly secretQuery?: boolean | undefined
  readonly documents?: Documents
}): Endpoint<OptionalFailures[Documents[number]]> => ({
  operation: options.operation,
  method: options.method,
  path: options.path,
  successStatus: options.successStatus,
  repeatable: options.repeatable,
  secretQuery: options.secretQuery ?? false,
  notFound: options.documents?.includes("NotFound") ?? false,
  challenge: options.documents?.includes("ChallengeMismatch") ?? false
})

/**
 * What to send besides the endpoint itself.
 *
 * @since 0.1.0
 * @category models
 */
export interface Input {
  readonly urlParams?: Record<string, string> | undefined
  /** An already encoded JSON value. */
  readonly json?: unknown
}

/**
 * A successful answer: its headers and its whole body as text.
 *
 * @since 0.1.0
 * @category models
 */
export interface Answer {
  readonly status: number
  readonly headers: Headers.Headers
  readonly text: string
  /** The token the request was sent with, for telling `TmiAuth` it was revoked. */
  readonly token: Redacted.Redacted<string>
}

// =============================================================================
// Service
// =============================================================================

/**
 * The one operation `UsersApi` needs from the HTTP stack.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /**
   * Sends one operation, retrying as the policy allows, and succeeds only with the
   * endpoint's success status.
   */
  readonly execute: <E>(endpoint: Endpoint<E>, input?: Input) => Effect.Effect<Answer, CommonError | E>
}

/**
 * The HTTP stack `UsersApi` sends its requests through.
 *
 * @since 0.1.0
 * @category tags
 */
export class TmiHttp extends Context.Tag("@tmi-effect/client/TmiHttp")<TmiHttp, Service>() {}

/**
 * Builds the HTTP stack over whichever `HttpClient` is provided.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<Service, never, HttpClient.HttpClient | TmiConfig.TmiConfig | TmiAuth.TmiAuth> = Effect
  .gen(function*() {
    const client = yield* HttpClient.HttpClient
    const config = yield* TmiConfig.TmiConfig
    const auth = yield* TmiAuth.TmiAuth

    const baseHeaders = Headers.fromInput({ accept: "application/json", "user-agent": config.userAgent })

    // The platform's per-request `http.client` span (attributes, redacted header copies, a
    // `traceparent` header) is a measurable share of a call on loopback, so it is made only
    // when a tracer is installed to read it; never for a request whose query is a secret,
    // which its URL attributes would carry.
    const untracedClient = HttpClient.withTracerDisabledWhen(client, () => true)
    const send = (endpoint: Endpoint<unknown>, request: HttpClientRequest.HttpClientRequest) =>
      endpoint.secretQuery
        ? untracedClient.execute(request)
        : ifTraced(
          // The client span records response headers; a challenge may quote the token back.
          () => Effect.locallyWith(client.execute(request), Headers.currentRedactedNames, withAuthenticateRedacted),
          () => untracedClient.execute(request)
        )

    const attempt = <E>(endpoint: Endpoint<E>, input: Input): Effect.Effect<Answer, CommonError | E> =>
      Effect.gen(function*() {
        const token = yield* auth.token(endpoint.operation)
        if (!isHeaderSafe(Redacted.value(token))) {
          return yield* new Unauthorized({ operation: endpoint.operation, reason: "TokenMalformed" })
        }

        const request = HttpClientRequest.make(endpoint.method)(config.baseUrl + endpoint.path, {
          headers: baseHeaders,
          urlParams: input.urlParams,
          body: input.json === undefined ? undefined : HttpBody.text(JSON.stringify(input.json), "application/json")
        }).pipe(HttpClientRequest.bearerToken(token))

        const received = yield* send(endpoint, request).pipe(
          Effect.flatMap((response) =>
            Effect.map(response.text, (text) => ({ status: response.status, headers: response.headers, text }))
          ),
          // Only the fetch transport reads this; a redirect must come back as a 3xx, never be
          // followed with the token to wherever it points.
          Effect.provideService(FetchHttpClient.RequestInit, { redirect: "manual" }),
          Effect.timeoutFail({
            duration: config.timeout,
            onTimeout: () =>
              new TransportError({
                operation: endpoint.operation,
                reason: "Timeout",
                description: `no complete answer within ${Duration.format(config.timeout)}`,
                sent: true
              })
          }),
          Effect.catchTags({
            RequestError: (error) => Effect.fail(transportError(endpoint.operation, error)),
            ResponseError: (error) => Effect.fail(transportError(endpoint.operation, error))
          })
        )

        if (received.status === endpoint.successStatus) return { ...received, token }
        return yield* Effect.flatMap(failureFor(endpoint, { ...received, token }), Effect.fail)
      })

    const execute = <E>(endpoint: Endpoint<E>, input: Input = {}): Effect.Effect<Answer, CommonError | E> =>
      Option.match(config.retry, {
        onNone: () => attempt(endpoint, input),
        onSome: (policy) => withRetries(policy, endpoint, attempt(endpoint, input))
      })

    return TmiHttp.of({ execute })
  })

/**
 * The HTTP stack over the provided `HttpClient`, `TmiConfig` and `TmiAuth`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<TmiHttp, never, HttpClient.HttpClient | TmiConfig.TmiConfig | TmiAuth.TmiAuth> = Layer
  .effect(TmiHttp, make)

// =============================================================================
// Decoding
// =============================================================================

const withAuthenticateRedacted = (names: ReadonlyArray<string | RegExp>): ReadonlyArray<string | RegExp> =>
  names.includes("www-authenticate") ? names : [...names, "www-authenticate"]

const excerptLength = 200

/**
 * The start of a body, fit for an error message: at most 200 characters, control
 * characters shown as spaces.
 *
 * @since 0.1.0
 * @category decoding
 */
export const excerpt = (text: string): string => {
  const flat = text.slice(0, excerptLength).replace(/[\x00-\x1F\x7F]/g, " ")
  return text.length > excerptLength ? `${flat}...` : flat
}

/**
 * Decodes a successful answer's JSON body with `schema`; anything that does not parse
 * or decode is an `UnexpectedResponse` with a short excerpt of the body.
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeJson = <A, I>(
  operation: string,
  schema: Schema.Schema<A, I>
): (answer: Answer) => Effect.Effect<A, UnexpectedResponse> => {
  const decode = Schema.decodeUnknownEither(schema, { onExcessProperty: "ignore" })
  return (answer) => {
    const unexpected = (description: string) =>
      new UnexpectedResponse({
        operation,
        status: answer.status,
        reason: "Decode",
        description,
        excerpt: excerpt(scrub(answer.text, answer.token)),
        requestId: Headers.get(answer.headers, "x-request-id").pipe(Option.getOrUndefined)
      })
    let json: unknown
    try {
      json = JSON.parse(answer.text)
    } catch {
      return Effect.fail(unexpected(answer.text === "" ? "empty body" : "body is not JSON"))
    }
    const decoded = decode(json)
    return decoded._tag === "Right"
      ? Effect.succeed(decoded.right)
      : Effect.fail(unexpected(`body does not match the contract: ${firstIssue(decoded.left)}`))
  }
}

const firstIssue = (error: ParseResult.ParseError): string => {
  const [issue] = ParseResult.ArrayFormatter.formatErrorSync(error)
  return issue === undefined ? "invalid" : `${issue.path.join(".") || "(root)"}: ${issue.message}`.slice(0, 300)
}

const isHeaderSafe = (token: string): boolean => token.length > 0 && !/[\x00-\x1F\x7F]/.test(token)

const scrub = (text: string, token: Redacted.Redacted<string>): string => {
  const secret = Redacted.value(token)
  return secret.length > 0 && text.includes(secret) ? text.replaceAll(secret, "<redacted>") : text
}

// =============================================================================
// Status to error, in one place
// =============================================================================

const LooseErrorBody = Schema.Struct({
  error: Schema.optional(Schema.String),
  error_description: Schema.optional(Schema.String),
  request_id: Schema.optional(Schema.String)
})
const decodeLooseErrorBody = Schema.decodeUnknownOption(LooseErrorBody)

const parseErrorBody = (text: string): typeof LooseErrorBody.Type => {
  try {
    return Option.getOrElse(decodeLooseErrorBody(JSON.parse(text)), () => ({}))
  } catch {
    return {}
  }
}

/** Everything read from a failed answer goes through `scrub`: a server may echo the token. */
const failureFor = <E>(endpoint: Endpoint<E>, answer: Answer): Effect.Effect<CommonError | E> =>
  Effect.gen(function*() {
    const { status } = answer
    const text = scrub(answer.text, answer.token)
    const body = parseErrorBody(text)
    const header = (name: string) =>
      Option.getOrUndefined(Option.map(Headers.get(answer.headers, name), (value) => scrub(value, answer.token)))
    const fields = {
      operation: endpoint.operation,
      status,
      errorCode: body.error,
      errorDescription: body.error_description,
      requestId: header("x-request-id") ?? body.request_id
    }
    const retryAfter = () => parseRetryAfter(header("retry-after"), header("date"))
    // The caller's type says which optional failures this endpoint documents; the runtime
    // flags on the endpoint say the same, so widening here is sound.
    const optional = (error: NotFound | ChallengeMismatch) => error as unknown as E

    switch (status) {
      case 400:
        return endpoint.challenge && body.error === "invalid_challenge"
          ? optional(new ChallengeMismatch({ ...fields, reason: "Rejected" }))
          : new InvalidRequest({ ...fields, reason: "BadRequest" })
      case 401:
        return new Unauthorized({
          ...fields,
          reason: "Rejected",
          challenge: parseBearerChallenge(header("www-authenticate"))
        })
      case 404:
        if (endpoint.notFound) return optional(new NotFound(fields))
        break
      case 405:
        return new InvalidRequest({ ...fields, reason: "MethodNotAllowed" })
      case 406:
        return new InvalidRequest({ ...fields, reason: "NotAcceptable" })
      case 415:
        return new InvalidRequest({ ...fields, reason: "UnsupportedMediaType" })
      case 429:
        return new RateLimited({ ...fields, retryAfter: yield* retryAfter(), rateLimit: parseRateLimit(header) })
      case 503:
        return new ServiceUnavailable({ ...fields, retryAfter: yield* retryAfter() })
    }
    if (status >= 500 && status <= 599) return new ServerError(fields)
    return new UnexpectedResponse({
      operation: endpoint.operation,
      status,
      reason: "Status",
      description: status >= 300 && status <= 399
        ? `redirect to ${header("location") ?? "nowhere"} not followed`
        : `undocumented status ${status}`,
      excerpt: excerpt(text),
      requestId: fields.requestId
    })
  })

const integerHeader = (value: string | undefined): number | undefined => {
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined
  return Number(value.trim())
}

const parseRateLimit = (header: (name: string) => string | undefined): RateLimitInfo | undefined => {
  const limit = integerHeader(header("x-ratelimit-limit"))
  const remaining = integerHeader(header("x-ratelimit-remaining"))
  const reset = integerHeader(header("x-ratelimit-reset"))
  return limit === undefined && remaining === undefined && reset === undefined
    ? undefined
    : new RateLimitInfo({ limit, remaining, reset })
}

/**
 * Reads `Retry-After` in either form: delay-seconds, or an HTTP-date measured against the
 * response's `Date` (else the Effect `Clock`), so a skewed local clock does not stretch it.
 *
 * @since 0.1.0
 * @category decoding
 */
export const parseRetryAfter = (
  value: string | undefined,
  date: string | undefined
): Effect.Effect<Duration.Duration | undefined> =>
  Effect.gen(function*() {
    if (value === undefined) return undefined
    const seconds = integerHeader(value)
    if (seconds !== undefined) return Duration.seconds(seconds)
    const at = Date.parse(value)
    if (Number.isNaN(at)) return undefined
    const serverNow = date === undefined ? Number.NaN : Date.parse(date)
    const now = Number.isNaN(serverNow) ? yield* Clock.currentTimeMillis : serverNow
    return Duration.millis(Math.max(0, at - now))
  })

/**
 * Parses a `WWW-Authenticate` header holding a Bearer challenge (RFC 6750 auth-params).
 *
 * @since 0.1.0
 * @category decoding
 */
export const parseBearerChallenge = (value: string | undefined): BearerChallenge | undefined => {
  const match = value === undefined ? null : /^\s*([A-Za-z][\w-]*)\s*(.*)$/.exec(value)
  if (match === null) return undefined
  const params: Record<string, string> = {}
  for (const [, key, quoted, bare] of (match[2] ?? "").matchAll(/([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g)) {
    if (key !== undefined) params[key.toLowerCase()] = quoted?.replace(/\\(.)/g, "$1") ?? bare ?? ""
  }
  return new BearerChallenge({
    scheme: match[1] ?? "",
    realm: params.realm,
    error: params.error,
    errorDescription: params.error_description,
    maxAge: integerHeader(params.max_age)
  })
}

// =============================================================================
// Transport faults and retries
// =============================================================================

const neverConnectedCodes = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT"
])

/** Walks a cause chain for a socket error code that proves no byte reached the server. */
const neverConnected = (cause: unknown): boolean => {
  for (let current = cause, depth = 0; typeof current === "object" && current !== null && depth < 6; depth++) {
    if ("code" in current && neverConnectedCodes.has(String(current.code))) return true
    current = "cause" in current ? current.cause : undefined
  }
  return false
}

const causeSummary = (cause: unknown): string | undefined => {
  const parts: Array<string> = []
  for (let current = cause, depth = 0; current instanceof Error && depth < 6; depth++) {
    const code = "code" in current && current.code !== undefined ? `${String(current.code)} ` : ""
    parts.push(`${code}${current.message}`.trim())
    current = current.cause
  }
  return parts.length === 0 ? undefined : parts.join(": ")
}

const transportError = (operation: string, error: HttpClientError.HttpClientError): TransportError => {
  const sent = !(error._tag === "RequestError" && neverConnected(error.cause))
  const summary = causeSummary(error.cause)
  return new TransportError({
    operation,
    reason: "Transport",
    description: error._tag === "RequestError"
      ? `request failed${summary === undefined ? "" : `: ${summary}`}`
      : `response broke off${summary === undefined ? "" : `: ${summary}`}`,
    sent,
    // Keep only the underlying fault: the platform error holds the request, headers and all.
    cause: error.cause
  })
}

const backoff = (policy: TmiConfig.RetryPolicy, retry: number): Effect.Effect<Duration.Duration> =>
  Effect.map(Random.nextRange(0.5, 1), (jitter) => {
    const exponential = Duration.toMillis(policy.baseDelay) * 2 ** (retry - 1)
    return Duration.millis(Math.round(Math.min(exponential, Duration.toMillis(policy.maxDelay)) * jitter))
  })

/**
 * How long to wait before the next attempt, or `None` when the failure must not be
 * retried.
 */
const retryDelay = (
  policy: TmiConfig.RetryPolicy,
  endpoint: Endpoint<unknown>,
  error: unknown,
  retry: number
): Effect.Effect<Option.Option<Duration.Duration>> => {
  if (error instanceof RateLimited || error instanceof ServiceUnavailable) {
    // The server refused before acting, so a repeat is safe for every operation.
    if (error.retryAfter === undefined) return Effect.map(backoff(policy, retry), Option.some)
    return Effect.succeed(
      Duration.lessThanOrEqualTo(error.retryAfter, policy.maxRetryAfter) ? Option.some(error.retryAfter) : Option.none()
    )
  }
  if (error instanceof TransportError && (endpoint.repeatable || !error.sent)) {
    return Effect.map(backoff(policy, retry), Option.some)
  }
  return Effect.succeed(Option.none())
}

const withRetries = <A, E>(
  policy: TmiConfig.RetryPolicy,
  endpoint: Endpoint<unknown>,
  once: Effect.Effect<A, E>
): Effect.Effect<A, E> => {
  const loop = (attempt: number): Effect.Effect<A, E> =>
    Effect.catchAll(once, (error) =>
      attempt >= policy.maxAttempts
        ? Effect.fail(error)
        : Effect.flatMap(
          retryDelay(policy, endpoint, error, attempt),
          Option.match({
            onNone: () => Effect.fail(error),
            onSome: (delay) => Effect.zipRight(Effect.sleep(delay), loop(attempt + 1))
          })
        ))
  return loop(1)
}

/**
 * The server's `Date` header as a `DateTime.Utc`, when it is there and parses.
 *
 * @since 0.1.0
 * @category decoding
 */
export const serverDate = (headers: Headers.Headers): Option.Option<DateTime.Utc> =>
  // HTTP-dates are not ISO strings, which `DateTime.make` expects of text; `Date.parse` reads them.
  Headers.get(headers, "date").pipe(
    Option.flatMap((value) => DateTime.make(Date.parse(value))),
    Option.map(DateTime.toUtc)
  )
