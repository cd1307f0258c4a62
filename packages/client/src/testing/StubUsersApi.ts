/**
 * A `UsersApi` that answers from the functions a test gives it, with no HTTP at all.
 * Calling an operation that was not given dies with a message naming it, so a test also
 * proves which operations the code under test did not call.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { TmiError } from "@tmi-effect/client"
 * import { StubUsersApi } from "@tmi-effect/client/testing"
 *
 * // transfer fails as for an unknown colleague; logging out would die
 * const UsersApiLive = StubUsersApi.layer({
 *   transferCurrentUserOwnership: () =>
 *     Effect.fail(new TmiError.NotFound({ operation: "transferCurrentUserOwnership", status: 404 }))
 * })
 * ```
 *
 * @since 0.1.0
 */
import type { DeletionChallenge, TransferOwnershipResult } from "@tmi-effect/schema"
import { Effect, Layer } from "effect"
import * as UsersApi from "../UsersApi.js"

/**
 * The canned answers. Deletion is split into its two steps so each can be answered on its
 * own; every field is optional.
 *
 * @since 0.1.0
 * @category models
 */
export interface Answers {
  /** Step 1 of deletion: `deleteUserAccount()`. */
  readonly requestChallenge?: (() => Effect.Effect<DeletionChallenge, UsersApi.RequestChallengeError>) | undefined
  /** Step 2 of deletion: `deleteUserAccount(challenge)`. */
  readonly confirmDeletion?:
    | ((challenge: DeletionChallenge | string) => Effect.Effect<void, UsersApi.ConfirmDeletionError>)
    | undefined
  readonly logoutCurrentUser?: (() => Effect.Effect<void, UsersApi.LogoutError>) | undefined
  readonly transferCurrentUserOwnership?:
    | ((targetUserId: string) => Effect.Effect<TransferOwnershipResult, UsersApi.TransferError>)
    | undefined
}

/** Dies as `Layer.mock` does for a method it was not given. */
const unanswered = (method: string, step: string) =>
  Effect.die(
    Object.assign(new Error(`${UsersApi.UsersApi.key}: Unimplemented method "${method}" (${step})`), {
      name: "UnimplementedError"
    })
  )

/**
 * `UsersApi` answering with `answers`, built on `Layer.mock`: an operation that was not
 * given dies with an `UnimplementedError` naming it.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (answers: Answers): Layer.Layer<UsersApi.UsersApi> => {
  const { confirmDeletion, logoutCurrentUser, requestChallenge, transferCurrentUserOwnership } = answers
  const given: Partial<Mutable<UsersApi.Service>> = {}
  if (logoutCurrentUser !== undefined) given.logoutCurrentUser = logoutCurrentUser
  if (transferCurrentUserOwnership !== undefined) given.transferCurrentUserOwnership = transferCurrentUserOwnership
  if (requestChallenge !== undefined || confirmDeletion !== undefined) {
    function deleteUserAccount(): Effect.Effect<DeletionChallenge, UsersApi.RequestChallengeError>
    function deleteUserAccount(
      challenge: DeletionChallenge | string
    ): Effect.Effect<void, UsersApi.ConfirmDeletionError>
    function deleteUserAccount(
      challenge?: DeletionChallenge | string
    ): Effect.Effect<DeletionChallenge | void, UsersApi.ConfirmDeletionError> {
      if (challenge === undefined) {
        return requestChallenge === undefined
          ? unanswered("deleteUserAccount", "step 1, requestChallenge")
          : requestChallenge()
      }
      return confirmDeletion === undefined
        ? unanswered("deleteUserAccount", "step 2, confirmDeletion")
        : confirmDeletion(challenge)
    }
    given.deleteUserAccount = deleteUserAccount
  }
  return Layer.mock(UsersApi.UsersApi, given)
}

type Mutable<A> = { -readonly [K in keyof A]: A[K] }
