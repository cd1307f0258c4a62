/**
 * A downstream service built on the client: offboarding an employee hands everything
 * they own in TMI to their manager, then ends their session.
 *
 * It runs as the employee (their `UsersApi`), since TMI's self-service operations act on
 * the signed-in account. The order matters: the session is closed only once the transfer
 * is known to have happened, so a failed run can simply be run again.
 */
import { TmiError, UsersApi } from "@tmi-effect/client"
import { Context, Effect, Layer, Schema } from "effect"

/**
 * The manager cannot receive the employee's work: no such user (`NotFound`), or an id
 * the server refuses (`Rejected`, for example the employee's own).
 */
export class InvalidManager extends Schema.TaggedError<InvalidManager>()("InvalidManager", {
  managerId: Schema.String,
  reason: Schema.Literal("NotFound", "Rejected")
}) {}

/**
 * A step did not finish. After a failed `Transfer` the session is still open, so the
 * offboarding can be retried; `cause` says what the client met.
 */
export class OffboardingIncomplete extends Schema.TaggedError<OffboardingIncomplete>()("OffboardingIncomplete", {
  step: Schema.Literal("Transfer", "Logout"),
  cause: TmiError.TmiError
}) {}

/** What an offboarding moved. */
export interface Report {
  readonly threatModels: number
  readonly surveyResponses: number
}

/** The offboarding service. */
export class Offboarding extends Context.Tag("examples/Offboarding")<Offboarding, {
  /** Transfers everything the employee owns to `managerId`, then logs the employee out. */
  readonly offboard: (managerId: string) => Effect.Effect<Report, InvalidManager | OffboardingIncomplete>
}>() {}

/** Builds the service over the employee's `UsersApi`. */
export const make = Effect.gen(function*() {
  const users = yield* UsersApi.UsersApi

  const offboard = Effect.fn("Offboarding.offboard")(function*(managerId: string) {
    const moved = yield* users.transferCurrentUserOwnership(managerId).pipe(
      Effect.mapError((error) => {
        switch (error._tag) {
          case "NotFound":
            return new InvalidManager({ managerId, reason: "NotFound" })
          case "InvalidRequest":
            return new InvalidManager({ managerId, reason: "Rejected" })
          default:
            return new OffboardingIncomplete({ step: "Transfer", cause: error })
        }
      })
    )

    yield* users.logoutCurrentUser().pipe(
      // A token the server already refuses means the session is over, which is the goal.
      Effect.catchTag("Unauthorized", () => Effect.void),
      Effect.mapError((cause) => new OffboardingIncomplete({ step: "Logout", cause }))
    )

    return {
      threatModels: moved.threatModelsTransferred.count,
      surveyResponses: moved.surveyResponsesTransferred.count
    }
  })

  return Offboarding.of({ offboard })
})

/** The service, given the employee's `UsersApi`. */
export const layer: Layer.Layer<Offboarding, never, UsersApi.UsersApi> = Layer.effect(Offboarding, make)
