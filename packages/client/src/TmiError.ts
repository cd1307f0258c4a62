/**
 * The typed failures of the TMI Users API client. Each meaning a caller may handle
 * differently is its own class, so `Effect.catchTag("NotFound", ...)` reads as intent;
 * inside a class a `reason` says which variant occurred.
 *
 * Every error is a `Schema.TaggedError`, so it can be matched by tag and serialized across
 * service boundaries. None of them ever holds the bearer token.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * What every error answered by the server keeps: the operation, the HTTP status, the
 * server's `error` code and `error_description`, and the `X-Request-ID` header.
 *
 * @since 0.1.0
 * @category fields
 */
export const ServerFields = {
  operation: Schema.String,
  status: Schema.Number,
  errorCode: Schema.optional(Schema.String),
  errorDescription: Schema.optional(Schema.String),
  requestId: Schema.optional(Schema.String)
}

/**
 * The same as {@link ServerFields}, for errors that may also be raised locally, before any
 * request is sent; `status` is then absent.
 *
 * @since 0.1.0
 * @category fields
 */
export const MaybeServerFields = {
  ...ServerFields,
  status: Schema.optional(Schema.Number)
}

const describe = (
  self: {
    readonly _tag: string
    readonly operation: string
    readonly status?: number | undefined
    readonly errorCode?: string | undefined
    readonly errorDescription?: string | undefined
    readonly requestId?: string | undefined
  },
  fallback: string
): string => {
  const parts = [self.status === undefined ? "not sent" : `HTTP ${self.status}`]
  if (self.errorCode !== undefined) parts.push(self.errorCode)
  if (self.requestId !== undefined) parts.push(`request ${self.requestId}`)
  return `${self.operation}: ${self.errorDescription ?? fallback} (${parts.join(", ")})`
}

/**
 * The parameters of a `WWW-Authenticate: Bearer ...` challenge (RFC 6750).
 *
 * @since 0.1.0
 * @category models
 */
export class BearerChallenge extends Schema.Class<BearerChallenge>("BearerChallenge")({
  scheme: Schema.String,
  realm: Schema.optional(Schema.String),
  error: Schema.optional(Schema.String),
  errorDescription: Schema.optional(Schema.String),
  maxAge: Schema.optional(Schema.Number)
}) {}

/**
 * The token was refused. `reason` is `"Rejected"` when the server answered 401 (with the
 * parsed `WWW-Authenticate` challenge when it sent one), `"TokenRevoked"` when this client
 * already knows its fixed token is dead (after a logout or a deletion) and sent nothing,
 * `"TokenMalformed"` when the token holds characters that cannot go in a header, and
 * `"TokenUnavailable"` when the token provider failed; in the last three nothing was sent.
 *
 * @since 0.1.0
 * @category errors
 */
export class Unauthorized extends Schema.TaggedError<Unauthorized>()("Unauthorized", {
  ...MaybeServerFields,
  reason: Schema.Literal("Rejected", "TokenRevoked", "TokenMalformed", "TokenUnavailable"),
  challenge: Schema.optional(BearerChallenge)
}) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return describe(this, this.reason === "Rejected" ? "authentication required" : `token ${this.reason}`)
  }
}

/**
 * Step 2 of account deletion was refused: the server answered 400 `invalid_challenge`
 * (`reason: "Rejected"`: the text differs, was used already, or expired), or the
 * challenge's `expiresAt` had passed before sending (`reason: "Expired"`, nothing sent).
 *
 * @since 0.1.0
 * @category errors
 */
export class ChallengeMismatch extends Schema.TaggedError<ChallengeMismatch>()("ChallengeMismatch", {
  ...MaybeServerFields,
  reason: Schema.Literal("Rejected", "Expired")
}) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return describe(this, this.reason === "Expired" ? "challenge expired" : "challenge rejected")
  }
}

/**
 * The server answered 404: for an ownership transfer, the target user does not exist.
 *
 * @since 0.1.0
 * @category errors
 */
export class NotFound extends Schema.TaggedError<NotFound>()("NotFound", ServerFields) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return describe(this, "not found")
  }
}

/**
 * The request was refused as malformed. `reason` is `"BadRequest"` for a 400 (for example a
 * transfer to yourself), `"MethodNotAllowed"`, `"NotAcceptable"` or
 * `"UnsupportedMediaType"` for 405, 406 and 415, and `"LocalValidation"` when the input
 * failed the contract's constraints here and nothing was sent.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidRequest extends Schema.TaggedError<InvalidRequest>()("InvalidRequest", {
  ...MaybeServerFields,
  reason: Schema.Literal("BadRequest", "MethodNotAllowed", "NotAcceptable", "UnsupportedMediaType", "LocalValidation")
}) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return describe(this, "invalid request")
  }
}

/**
 * The `X-RateLimit-*` headers of a response.
 *
 * @since 0.1.0
 * @category models
 */
export class RateLimitInfo extends Schema.Class<RateLimitInfo>("RateLimitInfo")({
  limit: Schema.optional(Schema.Number),
  remaining: Schema.optional(Schema.Number),
  /** Unix epoch seconds when the window resets. */
  reset: Schema.optional(Schema.Number)
}) {}

/**
 * The server answered 429. `retryAfter` is the server's `Retry-After`, when it sent one.
 *
 * @since 0.1.0
 * @category errors
 */
export class RateLimited extends Schema.TaggedError<RateLimited>()("RateLimited", {
  ...ServerFields,
  retryAfter: Schema.optional(Schema.DurationFromMillis),
  rateLimit: Schema.optional(RateLimitInfo)
}) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return describe(this, "rate limit exceeded")
  }
}

/**
 * The server answered 503: a backend it needs is down for now. `retryAfter` is the
 * server's `Retry-After`, when it sent one.
 *
 * @since 0.1.0
 * @category errors
 */
export class ServiceUnavailable extends Schema.TaggedError<ServiceUnavailable>()("ServiceUnavailable", {
  ...ServerFields,
  retryAfter: Schema.optional(Schema.DurationFromMillis)
}) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return describe(this, "service unavailable")
  }
}

/**
 * The server answered 500 or another 5xx than 503.
 *
 * @since 0.1.0
 * @category errors
 */
export class ServerError extends Schema.TaggedError<ServerError>()("ServerError", ServerFields) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return describe(this, "server error")
  }
}

/**
 * The server answered something the contract does not document for this operation: an
 * undocumented status (`reason: "Status"`, redirects included) or a body that does not
 * decode (`reason: "Decode"`). `excerpt` holds the start of the body.
 *
 * @since 0.1.0
 * @category errors
 */
export class UnexpectedResponse extends Schema.TaggedError<UnexpectedResponse>()("UnexpectedResponse", {
  operation: Schema.String,
  status: Schema.Number,
  reason: Schema.Literal("Status", "Decode"),
  description: Schema.String,
  excerpt: Schema.String,
  requestId: Schema.optional(Schema.String)
}) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `${this.operation}: ${this.description} (HTTP ${this.status})`
  }
}

/**
 * No usable answer arrived: the connection failed or broke (`reason: "Transport"`), or
 * the whole exchange, body included, outlasted the configured timeout
 * (`reason: "Timeout"`). `sent` tells whether the request may have reached the server.
 *
 * @since 0.1.0
 * @category errors
 */
export class TransportError extends Schema.TaggedError<TransportError>()("TransportError", {
  operation: Schema.String,
  reason: Schema.Literal("Transport", "Timeout"),
  description: Schema.String,
  sent: Schema.Boolean,
  cause: Schema.optional(Schema.Defect)
}) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `${this.operation}: ${this.description}`
  }
}

/**
 * Every failure the client can produce.
 *
 * @since 0.1.0
 * @category errors
 */
export type TmiError =
  | Unauthorized
  | ChallengeMismatch
  | NotFound
  | InvalidRequest
  | RateLimited
  | ServiceUnavailable
  | ServerError
  | UnexpectedResponse
  | TransportError

/**
 * A schema of every failure, for sending them across a service boundary.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TmiError: Schema.Union<[
  typeof Unauthorized,
  typeof ChallengeMismatch,
  typeof NotFound,
  typeof InvalidRequest,
  typeof RateLimited,
  typeof ServiceUnavailable,
  typeof ServerError,
  typeof UnexpectedResponse,
  typeof TransportError
]> = Schema.Union(
  Unauthorized,
  ChallengeMismatch,
  NotFound,
  InvalidRequest,
  RateLimited,
  ServiceUnavailable,
  ServerError,
  UnexpectedResponse,
  TransportError
)

/**
 * The failures every operation can produce; each operation adds its own to these.
 *
 * @since 0.1.0
 * @category errors
 */
export type CommonError =
  | Unauthorized
  | InvalidRequest
  | RateLimited
  | ServiceUnavailable
  | ServerError
  | UnexpectedResponse
  | TransportError
