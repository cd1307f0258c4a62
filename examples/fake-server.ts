/**
 * The fake TMI server on a loopback port, for trying the API by hand (curl) or testing a
 * client written in another language.
 *
 *   pnpm fake-server [--port 18080]
 *
 * Prints the base URL, then one JSON line per seeded user with its `id`, `email` and
 * bearer `token`, and serves until interrupted (Ctrl+C or SIGTERM).
 */
import { NodeRuntime } from "@effect/platform-node"
import { FakeTmi } from "@tmi-effect/client/testing"
import { Console, Data, Effect, Redacted } from "effect"
import { seedDemo } from "./support/demo.js"

class UsageError extends Data.TaggedError("UsageError")<{ readonly message: string }> {}

/** `--port N` (or `--port=N`); 0, a free port, when absent. */
const port = Effect.suspend(() => {
  const args = process.argv.slice(2)
  const index = args.findIndex((arg) => arg === "--port" || arg.startsWith("--port="))
  if (index === -1) return Effect.succeed(0)
  const value = args[index]!.includes("=") ? args[index]!.split("=")[1] : args[index + 1]
  const number = Number(value)
  return Number.isInteger(number) && number >= 0 && number <= 65535 && value !== ""
    ? Effect.succeed(number)
    : Effect.fail(new UsageError({ message: `--port wants a port number from 0 to 65535, got ${value ?? "nothing"}` }))
})

const serve = Effect.gen(function*() {
  const fake = yield* FakeTmi.FakeTmi
  const cast = yield* seedDemo(fake)
  yield* Console.log(fake.baseUrl)
  for (const user of [cast.alice, cast.bob, cast.carol]) {
    // The fake's tokens open nothing but this process: printing them is the point.
    yield* Console.log(JSON.stringify({ id: user.id, email: user.email, token: Redacted.value(user.token) }))
  }
  yield* Console.error("Serving; stop with Ctrl+C.")
  return yield* Effect.never
})

const program = Effect.flatMap(port, (port) => Effect.provide(serve, FakeTmi.layerServer({ port }))).pipe(
  Effect.tapError((error) => Console.error(`fake-server: ${error.message}`))
)

NodeRuntime.runMain(program, { disableErrorReporting: true })
