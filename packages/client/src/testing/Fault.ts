/**
 * Faults the fake TMI server produces on request, so a test can watch the client meet a
 * rate limit, an outage, a slow answer, a broken body or a dropped connection.
 *
 * @since 0.1.0
 */
import { Data, Duration } from "effect"

/**
 * One fault. `Latency` delays a request and lets it through; every other fault decides
 * what the client gets instead of the normal answer:
 *
 * - `Status`: a spec-shaped error answer, given before the request is handled, so nothing
 *   changes on the server (like a rate limiter or a failing backend would answer).
 * - `MalformedBody`: an answer whose body is not what the contract describes, given
 *   instead of handling the request.
 * - `TruncatedBody`: the request is handled, then its answer's body is cut short while
 *   `Content-Length` still declares it whole, and the connection closes. An answer with
 *   no body (204) is lost whole, as with `Disconnect` after handling.
 * - `Disconnect`: the connection closes with no answer at all, before handling the
 *   request or, with `afterHandling`, once the server has acted on it.
 *
 * @since 0.1.0
 * @category models
 */
export type Fault = Data.TaggedEnum<{
  Status: {
    readonly status: number
    readonly error: string
    readonly errorDescription: string
    /** Whole seconds sent as `Retry-After`, when set. */
    readonly retryAfterSeconds: number | undefined
    readonly headers: Readonly<Record<string, string>>
  }
  Latency: { readonly delay: Duration.Duration }
  MalformedBody: { readonly status: number; readonly body: string; readonly contentType: string }
  TruncatedBody: { readonly keepBytes: number | undefined }
  Disconnect: { readonly afterHandling: boolean }
}>

const Fault = Data.taggedEnum<Fault>()

/**
 * The `error` code and description the real server uses for each status it documents.
 */
const statusDefaults: Readonly<Record<number, readonly [error: string, description: string]>> = {
  400: ["invalid_input", "Invalid request"],
  401: ["unauthorized", "Authentication required"],
  404: ["not_found", "Resource not found"],
  405: ["method_not_allowed", "The HTTP method is not supported for this endpoint"],
  406: ["not_acceptable", "The requested Accept header media type is not supported. Supported types: application/json"],
  415: ["unsupported_media_type", "Content-Type must be application/json"],
  429: ["rate_limit_exceeded", "Rate limit exceeded. Please try again later."],
  500: ["server_error", "An internal server error occurred"],
  503: ["service_unavailable", "Service temporarily unavailable - please retry"]
}

/** 429 and 503 carry `Retry-After`; these are the real server's defaults. */
const defaultRetryAfterSeconds: Readonly<Record<number, number>> = { 429: 60, 503: 30 }

/**
 * Options of {@link status}.
 *
 * @since 0.1.0
 * @category models
 */
export interface StatusOptions {
  /** The body's `error` code. Default: the real server's code for the status. */
  readonly error?: string | undefined
  /** The body's `error_description`. Default: a description like the real server's. */
  readonly errorDescription?: string | undefined
  /**
   * Sent as `Retry-After`, rounded up to whole seconds. Default 60 s for 429 and 30 s for
   * 503, none otherwise; `false` sends none.
   */
  readonly retryAfter?: Duration.DurationInput | false | undefined
  /** More headers, for example `WWW-Authenticate` on a 401. */
  readonly headers?: Readonly<Record<string, string>> | undefined
}

/**
 * Answers with `status` and an `{ error, error_description }` body without handling the
 * request.
 *
 * @example
 * ```ts
 * import { Fault } from "@tmi-effect/client/testing"
 *
 * // a rate limit that asks for a 2 second pause
 * Fault.status(429, { retryAfter: "2 seconds" })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const status = (status: number, options: StatusOptions = {}): Fault => {
  if (!Number.isInteger(status) || status < 400 || status > 599) {
    throw new RangeError(`Fault.status: ${status} is not an error status (400 to 599)`)
  }
  const [error, description] = statusDefaults[status] ?? [`http_${status}`, `HTTP ${status}`]
  const retryAfter = options.retryAfter === false
    ? undefined
    : options.retryAfter === undefined
    ? defaultRetryAfterSeconds[status]
    : Math.ceil(Duration.toMillis(Duration.decode(options.retryAfter)) / 1000)
  return Fault.Status({
    status,
    error: options.error ?? error,
    errorDescription: options.errorDescription ?? description,
    retryAfterSeconds: retryAfter,
    headers: options.headers ?? {}
  })
}

/**
 * Holds the request for `delay` (on Effect's `Clock`, so `TestClock` drives it in
 * process), then handles it normally.
 *
 * @since 0.1.0
 * @category constructors
 */
export const latency = (delay: Duration.DurationInput): Fault => Fault.Latency({ delay: Duration.decode(delay) })

/**
 * Answers with a body that is not what the contract describes, without handling the
 * request. Default: status 200, `Content-Type: application/json`, a body that is not JSON.
 *
 * @since 0.1.0
 * @category constructors
 */
export const malformedBody = (options: {
  readonly status?: number | undefined
  readonly body?: string | undefined
  readonly contentType?: string | undefined
} = {}): Fault =>
  Fault.MalformedBody({
    status: options.status ?? 200,
    body: options.body ?? "{\"challenge_text\": \"I am user",
    contentType: options.contentType ?? "application/json"
  })

/**
 * Handles the request, then sends only the first `keepBytes` of the answer's body
 * (default: half of it) under a `Content-Length` that declares it whole, and closes the
 * connection. The client sees the body break off.
 *
 * @since 0.1.0
 * @category constructors
 */
export const truncatedBody = (options: { readonly keepBytes?: number | undefined } = {}): Fault =>
  Fault.TruncatedBody({ keepBytes: options.keepBytes })

/**
 * Closes the connection without an answer: before handling the request, or once the
 * server has acted on it with `afterHandling: true` (the client then cannot tell that it
 * succeeded). The client sees a transport failure.
 *
 * @since 0.1.0
 * @category constructors
 */
export const disconnect = (options: { readonly afterHandling?: boolean | undefined } = {}): Fault =>
  Fault.Disconnect({ afterHandling: options.afterHandling ?? false })
