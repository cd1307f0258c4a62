/**
 * One account's whole life through the client, over real HTTP: transfer everything to a
 * colleague, ask for the deletion challenge, confirm it, watch the old token get
 * refused, and log out a second user.
 *
 *   pnpm start
 *     against the fake TMI server, started here on a loopback port: no account needed.
 *
 *   TMI_BASE_URL=https://... TMI_TOKEN=... pnpm start [--yes]
 *     against a real server. Nothing is deleted without a typed "yes" (or --yes).
 *     TMI_TRANSFER_TO=<user id> transfers first; TMI_SECOND_TOKEN=<token> logs a second user out.
 */
import { NodeRuntime } from "@effect/platform-node"
import { UsersApi } from "@tmi-effect/client"
import type { DeletionChallenge } from "@tmi-effect/schema"
import { Config, Console, DateTime, Duration, Effect, Option, Redacted } from "effect"
import { confirm } from "./support/prompt.js"
import type { Embedded, Remote } from "./support/target.js"
import { actingAs, target } from "./support/target.js"

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? "" : "s"}`

const transfer = (baseUrl: string, token: Redacted.Redacted<string>, colleague: { label: string; id: string }) =>
  Effect.gen(function*() {
    const api = yield* UsersApi.UsersApi
    const moved = yield* api.transferCurrentUserOwnership(colleague.id)
    yield* Console.log(
      `   moved ${plural(moved.threatModelsTransferred.count, "threat model")} and ` +
        `${plural(moved.surveyResponsesTransferred.count, "survey response")} to ${colleague.label}`
    )
  }).pipe(actingAs(baseUrl, token))

const showChallenge = (challenge: DeletionChallenge) =>
  Effect.gen(function*() {
    const left = DateTime.distanceDuration(yield* DateTime.now, challenge.expiresAt)
    yield* Console.log(`   "${challenge.challengeText}"`)
    yield* Console.log(`   valid for ${Duration.format(Duration.seconds(Math.floor(Duration.toSeconds(left))))}`)
  })

/** Both steps of deletion; `approve` decides between them, after the challenge is shown. */
const deleteAccount = (
  baseUrl: string,
  token: Redacted.Redacted<string>,
  approve: (challenge: DeletionChallenge) => Effect.Effect<boolean>
) =>
  UsersApi.deleteAccount((challenge) =>
    Effect.gen(function*() {
      yield* showChallenge(challenge)
      const approved = yield* approve(challenge)
      if (approved) yield* Console.log("   sending the exact text back (step 2)")
      return approved
    })
  ).pipe(actingAs(baseUrl, token))

/** A fresh client holding the old token string: the server itself must refuse it. */
const expectRefused = (baseUrl: string, token: Redacted.Redacted<string>) =>
  Effect.flatMap(UsersApi.UsersApi, (api) => api.logoutCurrentUser()).pipe(
    actingAs(baseUrl, Redacted.make(Redacted.value(token))),
    Effect.matchEffect({
      onSuccess: () => Effect.dieMessage("the server still accepts a token it should have revoked"),
      onFailure: (error) =>
        error._tag === "Unauthorized" && error.status === 401
          ? Console.log(`   refused by the server: HTTP 401 ${error.errorCode ?? ""} "${error.errorDescription ?? ""}"`)
          : Effect.fail(error)
    })
  )

const logout = (baseUrl: string, token: Redacted.Redacted<string>) =>
  Effect.flatMap(UsersApi.UsersApi, (api) => api.logoutCurrentUser()).pipe(actingAs(baseUrl, token))

const onTheFake = ({ baseUrl, cast: { alice, bob, carol }, fake }: Embedded) =>
  Effect.gen(function*() {
    yield* Console.log(`Fake TMI server on ${baseUrl} (no TMI account needed)\n`)

    yield* Console.log(`1. ${alice.email} transfers everything she owns to ${bob.email}`)
    yield* transfer(baseUrl, alice.token, { label: bob.email, id: bob.id })
    const bobs = yield* fake.ownedBy(bob.id)
    yield* Console.log(
      `   the server now lists ${bob.email} as owner of ${plural(bobs.threatModels.length, "threat model")}`
    )

    yield* Console.log(`2. ${alice.email} asks to delete her account (step 1)`)
    yield* deleteAccount(baseUrl, alice.token, () => Effect.succeed(true))
    if (Option.isSome(yield* fake.user(alice.id))) return yield* Effect.dieMessage("the account is still there")
    yield* Console.log(`   deleted: the server no longer knows ${alice.email}`)

    yield* Console.log(`3. a new client tries ${alice.email}'s old token`)
    yield* expectRefused(baseUrl, alice.token)

    yield* Console.log(`4. ${carol.email} logs out, then a new client tries her token`)
    yield* logout(baseUrl, carol.token)
    yield* expectRefused(baseUrl, carol.token)

    const served = (yield* fake.requests).length
    yield* Console.log(`\nDone: the fake answered ${served} requests over its loopback socket.`)
  })

const onARealServer = ({ baseUrl, token }: Remote) =>
  Effect.gen(function*() {
    yield* Console.log(`TMI server at ${baseUrl} (TMI_BASE_URL), acting with TMI_TOKEN\n`)
    const colleague = yield* Config.option(Config.string("TMI_TRANSFER_TO"))
    const second = yield* Config.option(Config.redacted("TMI_SECOND_TOKEN"))

    yield* Console.log("1. transfer everything this account owns")
    yield* Option.match(colleague, {
      onNone: () => Console.log("   skipped: set TMI_TRANSFER_TO=<user id> to transfer"),
      onSome: (id) => transfer(baseUrl, token, { label: id, id })
    })

    yield* Console.log("2. ask to delete this account (step 1)")
    const outcome = yield* deleteAccount(baseUrl, token, () => confirm("   Delete this account and its data for good?"))
    if (outcome === "Declined") {
      yield* Console.log("   nothing deleted: the challenge simply expires")
    } else {
      yield* Console.log("   deleted")
      yield* Console.log("3. a new client tries the old token")
      yield* expectRefused(baseUrl, token)
    }

    yield* Console.log("4. log out a second user")
    yield* Option.match(second, {
      onNone: () => Console.log("   skipped: set TMI_SECOND_TOKEN=<token> to log a second user out"),
      onSome: (secondToken) =>
        Effect.zipRight(
          Effect.zipRight(logout(baseUrl, secondToken), Console.log("   logged out; a new client tries that token")),
          expectRefused(baseUrl, secondToken)
        )
    })
  })

const program = Effect.scoped(
  Effect.flatMap(target, (where) => where._tag === "Embedded" ? onTheFake(where) : onARealServer(where))
).pipe(
  Effect.tapError((error) => Console.error(`\nFailed: ${error.message}`))
)

NodeRuntime.runMain(program, { disableErrorReporting: true })
