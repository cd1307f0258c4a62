/**
 * The program of the README's "A complete program": offboard the signed-in user.
 * Needs TMI_TOKEN (and TMI_BASE_URL for a server other than the production one).
 */
import { NodeHttpClient, NodeRuntime } from "@effect/platform-node"
import { TmiClient, UsersApi } from "@tmi-effect/client"
import { Console, Effect, Layer } from "effect"

// Offboard the signed-in user: hand everything to a colleague, then delete the account
// when run with --yes (the challenge is shown either way), else just log out.
const program = Effect.gen(function*() {
  const users = yield* UsersApi.UsersApi

  const moved = yield* users.transferCurrentUserOwnership("550e8400-e29b-41d4-a716-446655440000")
  yield* Console.log(`transferred ${moved.threatModelsTransferred.count} threat models`)

  const outcome = yield* UsersApi.deleteAccount((challenge) =>
    Console.log(challenge.challengeText).pipe(Effect.as(process.argv.includes("--yes")))
  )
  if (outcome === "Declined") yield* users.logoutCurrentUser()
}).pipe(
  Effect.catchTags({
    NotFound: () => Console.error("no such colleague"),
    Unauthorized: (error) => Console.error(`token refused: ${error.message}`)
  })
)

// TMI_BASE_URL (default https://api.tmi.dev) and TMI_TOKEN, over Node's fastest transport
const MainLayer = TmiClient.layerFromEnv.pipe(Layer.provide(NodeHttpClient.layerUndici))

program.pipe(Effect.provide(MainLayer), NodeRuntime.runMain)
