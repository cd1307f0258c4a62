/** Throughput of the client over the undici transport: `Effect.forEach` with bounded concurrency. */
import { Effect } from "effect"
import { clientCall, clientRuntime } from "./sides.js"
import { baseUrl, concurrency, measureThroughput } from "./throughput.js"

const runtime = clientRuntime(baseUrl, "undici")
const call = clientCall("transferCurrentUserOwnership")

measureThroughput(
  (count) =>
    runtime.runPromise(Effect.forEach(Array.from({ length: count }), () => call, { concurrency, discard: true })),
  () => runtime.dispose()
)
