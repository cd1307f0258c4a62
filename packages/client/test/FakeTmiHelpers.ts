import { HttpBody, HttpClient, HttpClientRequest } from "@effect/platform"
import { Effect, Redacted } from "effect"
import { FakeTmi } from "../src/testing/index.js"

/** An answer of the fake, body parsed when it is JSON. */
export interface RawAnswer {
  readonly status: number
  readonly headers: Readonly<Record<string, string | undefined>>
  readonly body: unknown
  readonly text: string
}

const jsonOrUndefined = (text: string): unknown => {
  try {
    return text === "" ? undefined : JSON.parse(text)
  } catch {
    return undefined
  }
}

/**
 * Sends a hand-made request to the fake in context, bypassing the client: for what the
 * client would refuse to send (a non-UUID target, an extra property, no token).
 */
export const send = (
  method: "DELETE" | "POST" | "GET" | "PUT",
  path: string,
  options: {
    readonly token?: Redacted.Redacted<string> | string | undefined
    readonly body?: string | undefined
    readonly contentType?: string | undefined
    readonly headers?: Record<string, string> | undefined
  } = {}
): Effect.Effect<RawAnswer, never, FakeTmi.FakeTmi | HttpClient.HttpClient> =>
  Effect.gen(function*() {
    const fake = yield* FakeTmi.FakeTmi
    const client = yield* HttpClient.HttpClient
    const token = options.token === undefined
      ? {}
      : { authorization: `Bearer ${typeof options.token === "string" ? options.token : Redacted.value(options.token)}` }
    const request = HttpClientRequest.make(method)(fake.baseUrl + path, {
      headers: { ...options.headers, ...token },
      body: options.body === undefined
        ? undefined
        : HttpBody.text(options.body, options.contentType ?? "application/json")
    })
    const response = yield* client.execute(request)
    const text = yield* response.text
    return { status: response.status, headers: response.headers, body: jsonOrUndefined(text), text }
  }).pipe(Effect.orDie)

/** The query string of a deletion confirmation carrying `text`. */
export const confirmPath = (text: string) => `/me?challenge=${encodeURIComponent(text)}`

/** A transfer body as the contract writes it. */
export const transferBody = (target: string) => JSON.stringify({ target_user_id: target })

/** The auth middleware's answer to a missing, unknown or revoked token. */
export const authenticationRequired = { error: "unauthorized", error_description: "Authentication required" }
