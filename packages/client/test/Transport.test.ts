import { FetchHttpClient } from "@effect/platform"
import type { HttpClient } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import type { IncomingMessage, ServerResponse } from "node:http"
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { TmiClient, UsersApi } from "../src/index.js"
import { canaryToken, renderings } from "./utils.js"

/** A real HTTP server on loopback for the life of the scope; `seen` counts what reached it. */
const serve = (handler: (request: IncomingMessage, response: ServerResponse) => void) =>
  Effect.acquireRelease(
    Effect.async<{ baseUrl: string; seen: Array<string>; close: () => void }>((resume) => {
      const seen: Array<string> = []
      const server = createServer((request, response) => {
        seen.push(`${request.method} ${request.url} ${request.headers.authorization ?? ""}`)
        handler(request, response)
      })
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo
        resume(Effect.succeed({
          baseUrl: `http://127.0.0.1:${port}`,
          seen,
          close: () => {
            server.closeAllConnections()
            server.close()
          }
        }))
      })
    }),
    ({ close }) => Effect.sync(close)
  )

/** A loopback port that nothing listens on. */
const closedPort = Effect.acquireRelease(serve(() => {}), () => Effect.void).pipe(
  Effect.map(({ baseUrl, close }) => {
    close()
    return baseUrl
  })
)

const transports: ReadonlyArray<readonly [string, Layer.Layer<HttpClient.HttpClient>]> = [
  ["fetch", FetchHttpClient.layer],
  ["undici", NodeHttpClient.layerUndici],
  ["node:http", NodeHttpClient.layer]
]

const logoutAt = (baseUrl: string, transport: Layer.Layer<HttpClient.HttpClient>) =>
  Effect.flatMap(UsersApi.UsersApi, (api) => api.logoutCurrentUser()).pipe(
    Effect.provide(
      TmiClient.layer({ baseUrl, token: Redacted.make(canaryToken), retry: false, timeout: "400 millis" }).pipe(
        Layer.provide(transport),
        Layer.orDie
      )
    ),
    Effect.flip,
    Effect.tap((error) => assert.notInclude(renderings(error), canaryToken))
  )

describe.each(transports)("over %s", (_, transport) => {
  it.scopedLive("a refused connection is a TransportError that was never sent", () =>
    Effect.gen(function*() {
      const error = yield* logoutAt(yield* closedPort, transport)
      assert.strictEqual(error._tag, "TransportError")
      if (error._tag !== "TransportError") return
      assert.strictEqual(error.reason, "Transport")
      assert.isFalse(error.sent)
    }))

  it.scopedLive("a connection reset mid-body is a TransportError that may have been sent", () =>
    Effect.gen(function*() {
      const server = yield* serve((_, response) => {
        response.writeHead(200, { "content-type": "application/json", "content-length": "500" })
        response.write("{\"threat_models")
        setTimeout(() => response.socket?.destroy(), 20)
      })
      const error = yield* Effect.flatMap(
        UsersApi.UsersApi,
        (api) => api.transferCurrentUserOwnership("550e8400-e29b-41d4-a716-446655440099")
      ).pipe(
        Effect.provide(
          TmiClient.layer({ baseUrl: server.baseUrl, token: Redacted.make(canaryToken), retry: false }).pipe(
            Layer.provide(transport),
            Layer.orDie
          )
        ),
        Effect.flip
      )
      assert.strictEqual(error._tag, "TransportError")
      assert.strictEqual(error._tag === "TransportError" && error.sent, true)
      assert.strictEqual(server.seen.length, 1)
    }))

  it.scopedLive("a server that never answers ends in a Timeout", () =>
    Effect.gen(function*() {
      const server = yield* serve(() => {})
      const error = yield* logoutAt(server.baseUrl, transport)
      assert.strictEqual(error._tag === "TransportError" && error.reason, "Timeout")
    }))

  it.scopedLive("a body that trickles past the timeout ends in a Timeout", () =>
    Effect.gen(function*() {
      const server = yield* serve((_, response) => {
        response.writeHead(200, { "content-type": "application/json", "content-length": "100" })
        response.flushHeaders()
        let sent = 0
        const drip = setInterval(() => {
          // Bounded: the server stops by itself after a second whatever the client does.
          if (++sent > 20 || response.destroyed) return clearInterval(drip)
          response.write(" ")
        }, 50)
      })
      const error = yield* logoutAt(server.baseUrl, transport)
      assert.strictEqual(error._tag === "TransportError" && error.reason, "Timeout")
    }))

  it.scopedLive("a redirect is not followed: the token never reaches the other origin", () =>
    Effect.gen(function*() {
      const elsewhere = yield* serve((_, response) => response.writeHead(204).end())
      const server = yield* serve((_, response) => {
        response.writeHead(307, { location: `${elsewhere.baseUrl}/me/logout` }).end()
      })
      const error = yield* logoutAt(server.baseUrl, transport)
      assert.strictEqual(error._tag, "UnexpectedResponse")
      assert.strictEqual(error._tag === "UnexpectedResponse" && error.status, 307)
      assert.strictEqual(server.seen.length, 1)
      assert.deepStrictEqual(elsewhere.seen, [])
    }))

  it.scopedLive("an HTML error page on a documented status still maps to its error", () =>
    Effect.gen(function*() {
      const server = yield* serve((_, response) => {
        response.writeHead(502, { "content-type": "text/html" }).end("<html><body>Bad Gateway</body></html>")
      })
      const error = yield* logoutAt(server.baseUrl, transport)
      assert.strictEqual(error._tag, "ServerError")
    }))
})
