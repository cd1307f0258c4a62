/**
 * Sequential latency: every side makes one call at a time against the loopback server.
 * Sides run interleaved in rounds (the order rotating each round), so a busy machine
 * slows them alike. Prints the per-call median of each side, in microseconds.
 *
 * Usage: latency.ts BASE_URL CALLS_PER_SIDE ROUNDS
 */
import type { UsersApi } from "@tmi-effect/client"
import { Effect } from "effect"
import type { ManagedRuntime } from "effect"
import type { Operation } from "./floors.js"
import { fetchFloorCall, operations, undiciFloorCall } from "./floors.js"
import { clientCall, clientRuntime } from "./sides.js"
import { median, rotate, round } from "./stats.js"

export type Side = "clientUndici" | "clientUndiciTracingOff" | "clientFetch" | "undiciFloor" | "fetchFloor"

export type LatencyResult = Record<Operation, Record<Side, number>>

const [baseUrl = "", callsArg = "2000", roundsArg = "10"] = process.argv.slice(2)
const rounds = Number(roundsArg)
const callsPerRound = Math.ceil(Number(callsArg) / rounds)
const warmupCalls = 300

type Runner = (calls: number, samples: Array<number>) => Promise<void>

const clientRunner = (
  runtime: ManagedRuntime.ManagedRuntime<UsersApi.UsersApi, never>,
  operation: Operation
): Runner => {
  const call = clientCall(operation)
  return (calls, samples) =>
    runtime.runPromise(Effect.gen(function*() {
      for (let i = 0; i < calls; i++) {
        const start = performance.now()
        yield* call
        samples.push(performance.now() - start)
      }
    }))
}

const promiseRunner = (call: () => Promise<unknown>): Runner => async (calls, samples) => {
  for (let i = 0; i < calls; i++) {
    const start = performance.now()
    await call()
    samples.push(performance.now() - start)
  }
}

const main = async () => {
  const runtimes = {
    undici: clientRuntime(baseUrl, "undici"),
    undiciTracingOff: clientRuntime(baseUrl, "undici", { tracing: false }),
    fetch: clientRuntime(baseUrl, "fetch")
  }
  const entries = operations.flatMap((operation) => {
    const sides: ReadonlyArray<readonly [Side, Runner]> = [
      ["clientUndici", clientRunner(runtimes.undici, operation)],
      ["clientUndiciTracingOff", clientRunner(runtimes.undiciTracingOff, operation)],
      ["clientFetch", clientRunner(runtimes.fetch, operation)],
      ["undiciFloor", promiseRunner(undiciFloorCall(baseUrl, operation))],
      ["fetchFloor", promiseRunner(fetchFloorCall(baseUrl, operation))]
    ]
    return sides.map(([side, run]) => ({ operation, side, run, samples: [] as Array<number> }))
  })

  for (const entry of entries) await entry.run(warmupCalls, [])
  for (let r = 0; r < rounds; r++) {
    for (const entry of rotate(entries, r)) await entry.run(callsPerRound, entry.samples)
  }

  const result = {} as LatencyResult
  for (const { operation, samples, side } of entries) {
    result[operation] ??= {} as Record<Side, number>
    result[operation][side] = round(median(samples) * 1000)
  }
  await Promise.all(Object.values(runtimes).map((runtime) => runtime.dispose()))
  process.stdout.write(`${JSON.stringify(result)}\n`)
}

main().then(() => process.exit(0), (error) => {
  console.error(error)
  process.exit(1)
})
