/**
 * Deletes an account in the server's two steps, asking you at the terminal in between:
 * the server issues a challenge, you read it, and only a typed "yes" sends it back.
 *
 *   pnpm exec tsx --conditions=@tmi-effect/source examples/delete-account.ts [--yes]
 *
 * Default target: the fake TMI server, started here, acting as alice+demo@example.com.
 * With TMI_BASE_URL and TMI_TOKEN set: that server and that account.
 */
import { NodeRuntime } from "@effect/platform-node"
import { UsersApi } from "@tmi-effect/client"
import type { FakeTmi } from "@tmi-effect/client/testing"
import { Console, DateTime, Effect } from "effect"
import { confirm } from "./support/prompt.js"
import { actingAs, target } from "./support/target.js"

const deleteWithConfirmation = (who: string) =>
  UsersApi.deleteAccount((challenge) =>
    Effect.gen(function*() {
      yield* Console.log(`The server wants this exact text back before ${DateTime.formatIso(challenge.expiresAt)}:`)
      yield* Console.log(`   "${challenge.challengeText}"`)
      return yield* confirm(`Delete ${who} and every threat model nobody else owns?`)
    })
  )

/** What the deletion did to the items a user had, told from the fake's state before and after. */
const describeAftermath = (before: FakeTmi.Snapshot, after: FakeTmi.Snapshot, userId: string) =>
  Effect.gen(function*() {
    const emailOf = (id: string) => before.users.find((user) => user.id === id)?.email ?? id
    for (const model of before.threatModels.filter((model) => model.owner === userId)) {
      const now = after.threatModels.find((candidate) => candidate.id === model.id)
      yield* Console.log(
        now === undefined
          ? `   threat model "${model.name}": deleted, nobody else owned it`
          : `   threat model "${model.name}": now owned by ${emailOf(now.owner)}, who co-owned it`
      )
    }
    const surveys = before.surveyResponses.filter((response) => response.owner === userId).length
    if (surveys > 0) yield* Console.log(`   ${surveys} survey response(s): deleted`)
  })

const program = Effect.gen(function*() {
  const where = yield* target
  if (where._tag === "Remote") {
    yield* Console.log(`TMI server at ${where.baseUrl}, acting with TMI_TOKEN`)
    const outcome = yield* deleteWithConfirmation("this account").pipe(actingAs(where.baseUrl, where.token))
    return yield* Console.log(outcome === "Deleted" ? "Deleted." : "Not deleted: the challenge expires unused.")
  }

  const { alice } = where.cast
  yield* Console.log(`Fake TMI server at ${where.baseUrl}, acting as ${alice.email}`)
  const before = yield* where.fake.snapshot
  const outcome = yield* deleteWithConfirmation(alice.email).pipe(actingAs(where.baseUrl, alice.token))
  if (outcome === "Declined") return yield* Console.log("Not deleted: the challenge expires unused.")
  yield* Console.log(`Deleted ${alice.email}. On the server:`)
  yield* describeAftermath(before, yield* where.fake.snapshot, alice.id)
})

NodeRuntime.runMain(
  Effect.scoped(program).pipe(Effect.tapError((error) => Console.error(`\nFailed: ${error.message}`))),
  { disableErrorReporting: true }
)
