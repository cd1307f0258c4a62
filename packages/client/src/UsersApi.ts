/**
 * The three self-service operations of the TMI Users API, each an Effect whose error
 * channel lists exactly what that operation can produce.
 *
 * @example
 * ```ts
 * import { UsersApi } from "@tmi-effect/client"
 * import { Effect } from "effect"
 *
 * const handOver = (successor: string) =>
 *   Effect.gen(function*() {
 *     const users = yield* UsersApi.UsersApi
 *     const result = yield* users.transferCurrentUserOwnership(successor)
 *     return result.threatModelsTransferred.count
 *   }).pipe(
 *     // No such user: nothing moved. Every other failure stays typed in the error channel.
 *     Effect.catchTag("NotFound", () => Effect.succeed(0))
 *   )
 *
 * // Effect<number, Exclude<UsersApi.TransferError, NotFound>, UsersApi>
 * export const program = handOver("1b4e28ba-2fa1-11d2-883f-0016d3cca427")
 * ```
 *
 * @since 0.1.0
 */
import {
  ChallengeText,
  DeletionChallenge,
  TransferOwnershipRequest,
  TransferOwnershipResult,
  UserId
} from "@tmi-effect/schema"
import { Clock, Context, DateTime, Duration, Effect, Either, Layer, Option, ParseResult, Schema } from "effect"
import { withOperationSpan } from "./internal/tracing.js"
import * as TmiAuth from "./TmiAuth.js"
import type { CommonError, NotFound } from "./TmiError.js"
import { ChallengeMismatch, InvalidRequest } from "./TmiError.js"
import * as TmiHttp from "./TmiHttp.js"

/**
 * Failures of step 1 of account deletion (`DELETE /me` without a challenge).
 *
 * @since 0.1.0
 * @category errors
 */
export type RequestChallengeError = CommonError

/**
 * Failures of step 2 of account deletion (`DELETE /me?challenge=...`).
 *
 * @since 0.1.0
 * @category errors
 */
export type ConfirmDeletionError = CommonError | ChallengeMismatch

/**
 * Failures of `POST /me/logout`.
 *
 * @since 0.1.0
 * @category errors
 */
export type LogoutError = CommonError

/**
 * Failures of `POST /me/transfer`.
 *
 * @since 0.1.0
 * @category errors
 */
export type TransferError = CommonError | NotFound

/**
 * One method per operation of the Users API.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /**
   * Account deletion, in two steps. Called with no argument it asks the server for a
   * `DeletionChallenge` (step 1). Called with that challenge it deletes the account and
   * every unshared threat model (step 2); a challenge whose `expiresAt` has passed is
   * refused as `ChallengeMismatch` without a request. On success the token is revoked.
   *
   * A challenge's `expiresAt` is on this machine's clock: when the server sends a `Date`
   * header, the validity it grants is measured against that header (less a second, its
   * resolution), so a skewed local clock neither refuses a valid challenge nor sends a
   * dead one.
   */
  readonly deleteUserAccount: {
    (): Effect.Effect<DeletionChallenge, RequestChallengeError>
    (challenge: DeletionChallenge | string): Effect.Effect<void, ConfirmDeletionError>
  }
  /** Revokes the token the client holds; a fixed token is then forgotten. */
  readonly logoutCurrentUser: () => Effect.Effect<void, LogoutError>
  /**
   * Transfers every threat model and survey response the caller owns to `targetUserId`;
   * the caller keeps writer access. A target that is not a UUID fails with
   * `InvalidRequest` and sends nothing.
   */
  readonly transferCurrentUserOwnership: (targetUserId: string) => Effect.Effect<TransferOwnershipResult, TransferError>
}

/**
 * The Users API client. Provide it with `TmiClient.layer` (or `layer` over your own
 * `TmiHttp` and `TmiAuth`), then match its typed failures by tag.
 *
 * @since 0.1.0
 * @category tags
 */
export class UsersApi extends Context.Tag("@tmi-effect/client/UsersApi")<UsersApi, Service>() {}

const requestChallengeEndpoint = TmiHttp.endpoint({
  operation: "deleteUserAccount",
  method: "DELETE",
  path: "/me",
  successStatus: 200,
  repeatable: true
})

const confirmDeletionEndpoint = TmiHttp.endpoint({
  operation: "deleteUserAccount",
  method: "DELETE",
  path: "/me",
  successStatus: 204,
  repeatable: false,
  secretQuery: true,
  documents: ["ChallengeMismatch"]
})

const logoutEndpoint = TmiHttp.endpoint({
  operation: "logoutCurrentUser",
  method: "POST",
  path: "/me/logout",
  successStatus: 204,
  repeatable: false
})

const transferEndpoint = TmiHttp.endpoint({
  operation: "transferCurrentUserOwnership",
  method: "POST",
  path: "/me/transfer",
  successStatus: 200,
  repeatable: false,
  documents: ["NotFound"]
})

const localValidation = (operation: string) => (error: ParseResult.ParseError) =>
  new InvalidRequest({
    operation,
    reason: "LocalValidation",
    errorDescription: ParseResult.TreeFormatter.formatErrorSync(error)
  })

const dateHeaderResolutionMillis = 1_000

const decodeChallengeText = Schema.decodeUnknown(ChallengeText)
const encodeTransferRequest = Schema.encodeEither(TransferOwnershipRequest)
const decodeUserId = Schema.decodeUnknownEither(UserId)
const decodeChallenge = TmiHttp.decodeJson(requestChallengeEndpoint.operation, DeletionChallenge)
const decodeTransferResult = TmiHttp.decodeJson(transferEndpoint.operation, TransferOwnershipResult)

/**
 * Builds the operations over `TmiHttp`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<Service, never, TmiHttp.TmiHttp | TmiAuth.TmiAuth> = Effect.gen(function*() {
  const http = yield* TmiHttp.TmiHttp
  const auth = yield* TmiAuth.TmiAuth

  const requestChallenge = Effect.gen(function*() {
    const answer = yield* http.execute(requestChallengeEndpoint)
    const challenge = yield* decodeChallenge(answer)
    // Re-base the server's deadline on the local clock: what counts is how long the
    // server grants, measured from its own `Date`. That header has whole seconds only, so
    // the server's clock may be up to a second past it: count the grant a second short
    // rather than risk sending a challenge the server has already let expire.
    const localNow = DateTime.unsafeMake(yield* Clock.currentTimeMillis)
    return Option.match(TmiHttp.serverDate(answer.headers), {
      onNone: () => challenge,
      onSome: (serverDate) => {
        const granted = DateTime.distance(serverDate, challenge.expiresAt) - dateHeaderResolutionMillis
        return new DeletionChallenge({
          challengeText: challenge.challengeText,
          expiresAt: DateTime.addDuration(localNow, Duration.millis(granted))
        })
      }
    })
  }).pipe(withOperationSpan("UsersApi.deleteUserAccount"))

  const confirmDeletion = (challenge: DeletionChallenge | string) =>
    Effect.gen(function*() {
      const text = yield* decodeChallengeText(typeof challenge === "string" ? challenge : challenge.challengeText).pipe(
        Effect.mapError(localValidation(confirmDeletionEndpoint.operation))
      )
      if (typeof challenge !== "string") {
        const now = yield* DateTime.now
        if (!DateTime.lessThan(now, challenge.expiresAt)) {
          return yield* new ChallengeMismatch({
            operation: confirmDeletionEndpoint.operation,
            reason: "Expired",
            errorDescription: `challenge expired at ${DateTime.formatIso(challenge.expiresAt)}`
          })
        }
      }
      const answer = yield* http.execute(confirmDeletionEndpoint, { urlParams: { challenge: text } })
      yield* auth.revoked(answer.token)
    }).pipe(withOperationSpan("UsersApi.deleteUserAccount"))

  function deleteUserAccount(): Effect.Effect<DeletionChallenge, RequestChallengeError>
  function deleteUserAccount(challenge: DeletionChallenge | string): Effect.Effect<void, ConfirmDeletionError>
  function deleteUserAccount(
    challenge?: DeletionChallenge | string
  ): Effect.Effect<DeletionChallenge | void, ConfirmDeletionError> {
    return challenge === undefined ? requestChallenge : confirmDeletion(challenge)
  }

  // Plain functions, not `Effect.fn`: `Effect.fn` records a call-site stack on every call,
  // even with `captureStackTrace: false`, and that is a visible share of a loopback call.
  const logoutCurrentUser = () =>
    Effect.gen(function*() {
      const answer = yield* http.execute(logoutEndpoint)
      yield* auth.revoked(answer.token)
    }).pipe(withOperationSpan("UsersApi.logoutCurrentUser"))

  const transferCurrentUserOwnership = (targetUserId: string) =>
    Effect.gen(function*() {
      const operation = transferEndpoint.operation
      const target = yield* Either.mapLeft(decodeUserId(targetUserId), localValidation(operation))
      // `target` is a decoded `UserId` already: constructing the request need not check it again.
      const json = yield* Either.mapLeft(
        encodeTransferRequest(new TransferOwnershipRequest({ targetUserId: target }, true)),
        localValidation(operation)
      )
      const answer = yield* http.execute(transferEndpoint, { json })
      return yield* decodeTransferResult(answer)
    }).pipe(withOperationSpan("UsersApi.transferCurrentUserOwnership"))

  return UsersApi.of({ deleteUserAccount, logoutCurrentUser, transferCurrentUserOwnership })
})

/**
 * `UsersApi` over the provided `TmiHttp` and `TmiAuth`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<UsersApi, never, TmiHttp.TmiHttp | TmiAuth.TmiAuth> = Layer.effect(UsersApi, make)

/**
 * What a confirmed two-step deletion ended in.
 *
 * @since 0.1.0
 * @category models
 */
export type DeletionOutcome = "Deleted" | "Declined"

/**
 * Runs the whole two-step deletion: asks for a challenge, hands it to `confirm`, and
 * sends it back only if `confirm` answers `true`. Nothing is deleted without that
 * explicit yes; a `false` ends in `"Declined"` and the challenge simply expires.
 *
 * @example
 * ```ts
 * import { Terminal } from "@effect/platform"
 * import { UsersApi } from "@tmi-effect/client"
 * import type { DeletionChallenge } from "@tmi-effect/schema"
 * import { Effect } from "effect"
 *
 * // The person at the terminal confirms by typing the challenge back.
 * const typedBack = (challenge: DeletionChallenge) =>
 *   Effect.gen(function*() {
 *     const terminal = yield* Terminal.Terminal
 *     yield* terminal.display(`Type "${challenge.challengeText}" to delete your account: `)
 *     return (yield* terminal.readLine).trim() === challenge.challengeText
 *   })
 *
 * // Effect<"Deleted" | "Declined", ..., UsersApi | Terminal>
 * export const closeAccount = UsersApi.deleteAccount(typedBack)
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const deleteAccount = <E, R>(
  confirm: (challenge: DeletionChallenge) => Effect.Effect<boolean, E, R>
): Effect.Effect<DeletionOutcome, ConfirmDeletionError | E, UsersApi | R> =>
  Effect.gen(function*() {
    const users = yield* UsersApi
    const challenge = yield* users.deleteUserAccount()
    if (!(yield* confirm(challenge))) return "Declined" as const
    yield* users.deleteUserAccount(challenge)
    return "Deleted" as const
  }).pipe(withOperationSpan("UsersApi.deleteAccount"))
