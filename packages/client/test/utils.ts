import { FetchHttpClient } from "@effect/platform"
import { Cause, Effect, Inspectable, Layer, Logger, LogLevel, Redacted, Tracer } from "effect"
import { inspect } from "node:util"
import { TmiClient } from "../src/index.js"
import type * as TmiConfig from "../src/TmiConfig.js"

/** A request as the handler saw it, body read. */
export interface Seen {
  readonly method: string
  readonly url: URL
  readonly headers: Headers
  readonly body: string
}

export type Handler = (request: Seen) => Response | Promise<Response>

/**
 * An in-process transport: every request is a real `Request`, answered by `handler` with a
 * real `Response`; what arrived is recorded in `seen`.
 */
export const recordingFetch = (handler: Handler) => {
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

/** A token whose every appearance in output would be a leak. */
export const canaryToken = "canary-7f3a9c1e5b2d4f60-token"

export const clientLayer = (handler: Handler, options: Partial<TmiConfig.Options> = {}) => {
  const transport = recordingFetch(handler)
  return {
    seen: transport.seen,
    layer: TmiClient.layer({ baseUrl: "https://tmi.test", token: Redacted.make(canaryToken), retry: false, ...options })
      .pipe(Layer.provide(transport.layer), Layer.orDie)
  }
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } })

export const empty = (status: number, headers: Record<string, string> = {}) => new Response(null, { status, headers })

/** Every way an error can be turned into text by a caller or a logger. */
export const renderings = (error: unknown): string =>
  [
    String(error),
    JSON.stringify(error),
    Inspectable.format(error),
    inspect(error, { depth: 10 }),
    Cause.pretty(Cause.fail(error)),
    error instanceof Error ? `${error.message}\n${error.stack ?? ""}` : ""
  ].join("\n")

/** Collects every log line, at every level, as text. */
export const capturingLogger = () => {
  const lines: Array<string> = []
  const logger = Logger.make(({ annotations, cause, logLevel, message, spans }) => {
    lines.push(
      [logLevel.label, inspect(message, { depth: 10 }), Cause.pretty(cause), inspect(annotations), inspect(spans)].join(
        " "
      )
    )
  })
  const layer = Layer.merge(Logger.replace(Logger.defaultLogger, logger), Logger.minimumLogLevel(LogLevel.All))
  return { lines, layer }
}

/** Records every span the default tracer makes, to read names, attributes and events back. */
export const recordingTracer = Effect.map(Effect.tracer, (inner) => {
  const spans: Array<Tracer.Span> = []
  const events: Array<string> = []
  const tracer = Tracer.make({
    span: (...args) => {
      const span = inner.span(...args)
      spans.push(span)
      const event = span.event.bind(span)
      span.event = (name, startTime, attributes) => {
        events.push(`${name} ${inspect(attributes, { depth: 10 })}`)
        event(name, startTime, attributes)
      }
      return span
    },
    context: inner.context
  })
  const rendered = () =>
    spans.map((span) => `${span.name} ${inspect([...span.attributes], { depth: 10 })}`).concat(events).join("\n")
  return { spans, tracer, rendered }
})
