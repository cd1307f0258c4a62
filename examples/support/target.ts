/**
 * Which TMI server an example talks to: the fake one, started here on a loopback port and
 * seeded with demo data, unless `TMI_BASE_URL` and `TMI_TOKEN` name a real one.
 */
import type { HttpServerError } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import type { UsersApi } from "@tmi-effect/client"
import { TmiClient } from "@tmi-effect/client"
import { FakeTmi } from "@tmi-effect/client/testing"
import type { Redacted, Scope } from "effect"
import { Config, ConfigError, Context, Effect, Layer, Option } from "effect"
import { seedDemo } from "./demo.js"

/** The fake server, running for as long as the example's scope. */
export interface Embedded {
  readonly _tag: "Embedded"
  readonly baseUrl: string
  readonly fake: FakeTmi.Service
  readonly cast: Effect.Effect.Success<ReturnType<typeof seedDemo>>
}

/** A real server, and the token of the account to act as. */
export interface Remote {
  readonly _tag: "Remote"
  readonly baseUrl: string
  readonly token: Redacted.Redacted<string>
}

const setting = (name: string) =>
  Config.option(Config.string(name)).pipe(Config.map(Option.filter((value) => value.trim() !== "")))

/** `Remote` when both variables are set, `Embedded` when neither is. */
export const target: Effect.Effect<
  Embedded | Remote,
  ConfigError.ConfigError | HttpServerError.ServeError,
  Scope.Scope
> = Effect.gen(function*() {
  const baseUrl = yield* setting("TMI_BASE_URL")
  const token = yield* Config.option(Config.redacted("TMI_TOKEN"))
  if (Option.isSome(baseUrl) && Option.isSome(token)) {
    return { _tag: "Remote", baseUrl: baseUrl.value, token: token.value } as const
  }
  if (Option.isSome(baseUrl) || Option.isSome(token)) {
    return yield* Effect.fail(
      ConfigError.MissingData(
        [Option.isSome(baseUrl) ? "TMI_TOKEN" : "TMI_BASE_URL"],
        "set both TMI_BASE_URL and TMI_TOKEN to use a real server, or neither to use the fake one"
      )
    )
  }
  const fake = Context.get(yield* Layer.build(FakeTmi.layerServer()), FakeTmi.FakeTmi)
  const cast = yield* seedDemo(fake)
  return { _tag: "Embedded", baseUrl: fake.baseUrl, fake, cast } as const
})

/** Runs `effect` with a `UsersApi` acting with `token` against `baseUrl`, over undici. */
export const actingAs =
  (baseUrl: string, token: Redacted.Redacted<string>) =>
  <A, E>(effect: Effect.Effect<A, E, UsersApi.UsersApi>): Effect.Effect<A, E | ConfigError.ConfigError> =>
    Effect.provide(effect, TmiClient.layer({ baseUrl, token }).pipe(Layer.provide(NodeHttpClient.layerUndici)))
