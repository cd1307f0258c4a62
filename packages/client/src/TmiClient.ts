/**
 * The whole client in one layer, for the common case: `UsersApi` over `TmiHttp`, with
 * configuration and a fixed token. It still needs an `HttpClient`, so the transport stays
 * the caller's choice.
 *
 * @since 0.1.0
 */
import type { HttpClient } from "@effect/platform"
import type { ConfigError, Redacted } from "effect"
import { Config, Layer } from "effect"
import * as TmiAuth from "./TmiAuth.js"
import * as TmiConfig from "./TmiConfig.js"
import * as TmiHttp from "./TmiHttp.js"
import * as UsersApi from "./UsersApi.js"

/**
 * The configuration of `TmiConfig` plus the bearer token.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options extends TmiConfig.Options {
  readonly token: Redacted.Redacted<string>
}

/**
 * `UsersApi` from the pieces: swap any of them (a token provider for `TmiAuth`, say) by
 * providing it instead.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerFrom = <E1, R1, E2, R2>(
  config: Layer.Layer<TmiConfig.TmiConfig, E1, R1>,
  auth: Layer.Layer<TmiAuth.TmiAuth, E2, R2>
): Layer.Layer<UsersApi.UsersApi, E1 | E2, R1 | R2 | HttpClient.HttpClient> =>
  UsersApi.layer.pipe(
    Layer.provide(TmiHttp.layer),
    Layer.provide(Layer.merge(config, auth))
  )

/**
 * `UsersApi` with a fixed token and the given configuration.
 *
 * @example
 * ```ts
 * import { FetchHttpClient } from "@effect/platform"
 * import { TmiClient, UsersApi } from "@tmi-effect/client"
 * import { Effect, Layer, Redacted } from "effect"
 *
 * const UsersLive = TmiClient.layer({
 *   baseUrl: "https://tmi.example.com",
 *   token: Redacted.make("a-bearer-token"),
 *   timeout: "10 seconds"
 * }).pipe(Layer.provide(FetchHttpClient.layer))
 *
 * const logout = Effect.flatMap(UsersApi.UsersApi, (users) => users.logoutCurrentUser())
 *
 * // Effect<void, UsersApi.LogoutError | ConfigError>, ready for a runtime
 * export const main = logout.pipe(Effect.provide(UsersLive))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Options
): Layer.Layer<UsersApi.UsersApi, ConfigError.ConfigError, HttpClient.HttpClient> =>
  layerFrom(TmiConfig.layer(options), TmiAuth.layer(options.token))

/**
 * `UsersApi` configured from `TMI_BASE_URL` (default the production server) and
 * `TMI_TOKEN`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerFromEnv: Layer.Layer<UsersApi.UsersApi, ConfigError.ConfigError, HttpClient.HttpClient> = layerFrom(
  TmiConfig.layerFromEnv,
  TmiAuth.layerConfig(Config.redacted("TMI_TOKEN"))
)
