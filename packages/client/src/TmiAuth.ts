/**
 * Where the bearer token comes from. The token is `Redacted` from end to end and is
 * unwrapped only where the `Authorization` header is set.
 *
 * @since 0.1.0
 */
import type { Config, ConfigError } from "effect"
import { Context, Effect, Layer, Option, Redacted, Ref } from "effect"
import { Unauthorized } from "./TmiError.js"

/**
 * What `TmiHttp` asks of a token source.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /**
   * The token for the next request. Fails with `Unauthorized` (nothing sent) when no
   * usable token is left.
   */
  readonly token: (operation: string) => Effect.Effect<Redacted.Redacted<string>, Unauthorized>
  /**
   * Told that the server has revoked `token` (after a logout or a completed deletion). A
   * fixed token is then forgotten; a provider is simply asked again next time.
   */
  readonly revoked: (token: Redacted.Redacted<string>) => Effect.Effect<void>
}

/**
 * The token source the client sends requests with.
 *
 * @since 0.1.0
 * @category tags
 */
export class TmiAuth extends Context.Tag("@tmi-effect/client/TmiAuth")<TmiAuth, Service>() {}

/**
 * One fixed token. Once the server has revoked it (logout, deletion), it is forgotten and
 * every later call fails locally with `Unauthorized` (`reason: "TokenRevoked"`) instead of
 * sending a dead token again.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeFixed = (token: Redacted.Redacted<string>): Effect.Effect<Service> =>
  Effect.map(Ref.make(Option.some(token)), (current) =>
    TmiAuth.of({
      token: (operation) =>
        Effect.flatMap(
          Ref.get(current),
          Option.match({
            onNone: () => Effect.fail(new Unauthorized({ operation, reason: "TokenRevoked" })),
            onSome: Effect.succeed
          })
        ),
      revoked: (revokedToken) =>
        Ref.update(current, Option.filter((held) => Redacted.value(held) !== Redacted.value(revokedToken)))
    }))

/**
 * A fixed token.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (token: Redacted.Redacted<string>): Layer.Layer<TmiAuth> => Layer.effect(TmiAuth, makeFixed(token))

/**
 * A fixed token read from `Config`, for example `Config.redacted("TMI_TOKEN")`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  token: Config.Config<Redacted.Redacted<string>>
): Layer.Layer<TmiAuth, ConfigError.ConfigError> => Layer.effect(TmiAuth, Effect.flatMap(token, makeFixed))

/**
 * A token obtained anew for every request, for refreshing credentials. The effect runs
 * once per attempt; a failure of it fails the call, with nothing sent, as `Unauthorized`
 * (`reason: "TokenUnavailable"`) naming the failure's tag. Cache inside the effect if fetching is costly.
 *
 * @example
 * ```ts
 * import { TmiAuth } from "@tmi-effect/client"
 * import { Data, Effect, Layer, Redacted } from "effect"
 *
 * class VaultError extends Data.TaggedError("VaultError")<{ readonly reason: string }> {}
 *
 * // Stands in for a secrets store or an OAuth refresh.
 * const readToken = Effect.suspend(() => {
 *   const token = process.env.TMI_TOKEN
 *   return token === undefined
 *     ? Effect.fail(new VaultError({ reason: "TMI_TOKEN is not set" }))
 *     : Effect.succeed(Redacted.make(token))
 * })
 *
 * // Asked again before every attempt; reuse one token for up to a minute.
 * const AuthLive = Effect.cachedWithTTL(readToken, "1 minute").pipe(
 *   Effect.map(TmiAuth.layerEffect),
 *   Layer.unwrapEffect
 * )
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerEffect = <E, R>(
  fresh: Effect.Effect<Redacted.Redacted<string>, E, R>
): Layer.Layer<TmiAuth, never, R> =>
  Layer.effect(
    TmiAuth,
    Effect.map(Effect.context<R>(), (context) =>
      TmiAuth.of({
        token: (operation) =>
          fresh.pipe(
            Effect.provide(context),
            Effect.mapError((error) =>
              new Unauthorized({
                operation,
                reason: "TokenUnavailable",
                errorDescription: `token provider failed: ${describeFailure(error)}`
              })
            )
          ),
        revoked: () => Effect.void
      }))
  )

const describeFailure = (error: unknown): string =>
  typeof error === "object" && error !== null && "_tag" in error ? String(error._tag) : "unknown error"
