/**
 * The client as measured: `TmiClient.layer` with its defaults, over each transport.
 */
import { FetchHttpClient } from "@effect/platform"
import type { HttpClient } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { TmiClient, UsersApi } from "@tmi-effect/client"
import { Effect, Layer, ManagedRuntime, Redacted } from "effect"
import { targetUserId, token } from "./fixtures.js"
import type { Operation } from "./floors.js"

export type Transport = "fetch" | "undici"

const transports: Record<Transport, Layer.Layer<HttpClient.HttpClient>> = {
  fetch: FetchHttpClient.layer,
  undici: NodeHttpClient.layerUndici
}

/**
 * The client as a user would build it: `TmiClient.layer` with its defaults over a transport.
 * `tracing: false` is the user's own switch, `Layer.setTracerEnabled(false)`, which turns
 * every span into a no-op.
 */
export const clientRuntime = (baseUrl: string, transport: Transport, options: { readonly tracing?: boolean } = {}) =>
  ManagedRuntime.make(
    TmiClient.layer({ baseUrl, token: Redacted.make(token) }).pipe(
      Layer.provide(transports[transport]),
      Layer.merge(Layer.setTracerEnabled(options.tracing ?? true)),
      Layer.orDie
    )
  )

/** One call of `operation` through the client; any failure is a defect that stops the benchmark. */
export const clientCall = (operation: Operation): Effect.Effect<unknown, never, UsersApi.UsersApi> =>
  Effect.flatMap(
    UsersApi.UsersApi,
    (users): Effect.Effect<unknown, UsersApi.TransferError> =>
      operation === "transferCurrentUserOwnership"
        ? users.transferCurrentUserOwnership(targetUserId)
        : users.deleteUserAccount()
  ).pipe(Effect.orDie)
