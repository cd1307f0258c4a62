import { FetchHttpClient } from "@effect/platform"
import { Layer, Redacted } from "effect"
import { TmiClient } from "../src/index.js"
import type * as TmiConfig from "../src/TmiConfig.js"

/** A request as the handler saw it, body read. */
export interface Seen {
  readonly method: string
  readonly url: URL
  readonly headers: Headers
  readonly body: string
}

/**
 * An in-process transport: every request is a real `Request`, answered by `handler` with a
 * real `Response`; what arrived is recorded in `seen`.
 */
export const recordingFetch = (handler: (request: Seen) => Response | Promise<Response>) => {
  const seen: Array<Seen> = []
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init)
    const entry: Seen = {
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      body: await request.text()
    }
    seen.push(entry)
    return handler(entry)
  }
  const layer = FetchHttpClient.layer.pipe(
    Layer.provide(Layer.succeed(FetchHttpClient.Fetch, fetch as typeof globalThis.fetch))
  )
  return { seen, layer }
}

export const canaryToken = "canary-token-7f3a9c1e5b2d4f60"

export const clientLayer = (
  handler: (request: Seen) => Response | Promise<Response>,
  options: Partial<TmiConfig.Options> = {}
) => {
  const transport = recordingFetch(handler)
  return {
    seen: transport.seen,
    layer: TmiClient.layer({ baseUrl: "https://tmi.test", token: Redacted.make(canaryToken), retry: false, ...options })
      .pipe(Layer.provide(transport.layer), Layer.orDie)
  }
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } })
