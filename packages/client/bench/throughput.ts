/**
 * Throughput of one side in a process of its own, so its peak RSS is its own: a warm-up of
 * 1,000 calls (so the JIT has settled), then three batches of CALLS transfers with
 * CONCURRENCY in flight. Prints the median calls per second of the batches and the
 * process's peak RSS in bytes. The entry points are `throughputClient.ts` and
 * `throughputFloor.ts`, which load only what their side needs.
 *
 * Usage: throughput{Client,Floor}.ts BASE_URL CALLS CONCURRENCY
 */
import { median } from "./stats.js"

export interface ThroughputResult {
  readonly callsPerSecond: number
  readonly peakRssBytes: number
}

const [baseUrlArg = "", callsArg = "1000", concurrencyArg = "64"] = process.argv.slice(2)

export const baseUrl = baseUrlArg
export const concurrency = Number(concurrencyArg)
const calls = Number(callsArg)
const warmupCalls = 1000
const measuredBatches = 3

/** Runs `batch(count)` once to warm up and once measured, prints the result and exits. */
export const measureThroughput = (
  batch: (count: number) => Promise<void>,
  dispose: () => Promise<void> = () => Promise.resolve()
): void => {
  const main = async () => {
    await batch(warmupCalls)
    const rates: Array<number> = []
    for (let i = 0; i < measuredBatches; i++) {
      const start = performance.now()
      await batch(calls)
      rates.push(calls / ((performance.now() - start) / 1000))
    }
    const result: ThroughputResult = {
      callsPerSecond: Math.round(median(rates)),
      peakRssBytes: process.resourceUsage().maxRSS * 1024
    }
    await dispose()
    process.stdout.write(`${JSON.stringify(result)}\n`)
  }
  main().then(() => process.exit(0), (error) => {
    console.error(error)
    process.exit(1)
  })
}
