/**
 * `pnpm bench`: what the client costs per call against the floor of this runtime, measured
 * on loopback. Every side of a comparison is measured in the same run, interleaved in
 * rounds, so a busy machine slows both sides alike and the ratios stay meaningful even when
 * the absolute figures do not.
 *
 * Usage: pnpm bench [--json FILE] [--quick]
 */
import { execFileSync } from "node:child_process"
import { writeFileSync } from "node:fs"
import { cpus, totalmem } from "node:os"
import { fileURLToPath } from "node:url"
import type { BundleResult } from "./bundle.js"
import { clientProgram, measureBundle, schemaProgram } from "./bundle.js"
import { compileScripts, runJson, startServer } from "./child.js"
import type { DecodeResult } from "./decode.js"
import { operations } from "./floors.js"
import { measureImports } from "./imports.js"
import type { LatencyResult } from "./latency.js"
import { median, ratio, round } from "./stats.js"
import type { ThroughputResult } from "./throughput.js"

const args = process.argv.slice(2)
const jsonIndex = args.indexOf("--json")
const jsonFile = jsonIndex === -1 ? undefined : args[jsonIndex + 1]
const quick = args.includes("--quick")

const sequentialCalls = quick ? 400 : 2000
const sequentialRounds = quick ? 4 : 10
const throughputCalls = 1000
const throughputConcurrency = 64
const throughputRounds = quick ? 1 : 5
const decodeRounds = quick ? 5 : 15
const importRounds = quick ? 3 : 7

const repoRoot = fileURLToPath(new URL("../../..", import.meta.url))

const line = (label: string, value: string) => console.log(`${label.padEnd(80)} ${value}`)
const us = (value: number) => `${value.toFixed(1)} us`
const x = (value: number) => `${value.toFixed(2)}x`

/** Builds `dist`: every figure measures the client as built, as a user installs it. */
const buildDist = (): "fresh" | "stale" => {
  try {
    execFileSync("pnpm", ["--silent", "build"], { cwd: repoRoot, stdio: ["ignore", "ignore", "pipe"] })
    return "fresh"
  } catch (error) {
    console.error(`build failed, measuring the dist already there: ${String(error).slice(0, 300)}`)
    return "stale"
  }
}

const sequential = (latency: LatencyResult) =>
  Object.fromEntries(operations.map((operation) => {
    const medians = latency[operation]
    return [operation, {
      callsPerSide: sequentialCalls,
      medianMicros: medians,
      ratios: {
        clientUndiciOverUndiciFloor: ratio(medians.clientUndici, medians.undiciFloor),
        clientUndiciOverFetchFloor: ratio(medians.clientUndici, medians.fetchFloor),
        clientUndiciTracingOffOverUndiciFloor: ratio(medians.clientUndiciTracingOff, medians.undiciFloor),
        clientFetchOverFetchFloor: ratio(medians.clientFetch, medians.fetchFloor),
        clientFetchOverUndiciFloor: ratio(medians.clientFetch, medians.undiciFloor)
      }
    }]
  }))

const throughput = (client: ReadonlyArray<ThroughputResult>, floor: ReadonlyArray<ThroughputResult>) => {
  const clientCallsPerSecond = median(client.map((run) => run.callsPerSecond))
  const undiciFloorCallsPerSecond = median(floor.map((run) => run.callsPerSecond))
  const mib = (bytes: number) => round(bytes / 2 ** 20)
  return {
    calls: throughputCalls,
    concurrency: throughputConcurrency,
    rounds: client.length,
    clientCallsPerSecond,
    undiciFloorCallsPerSecond,
    clientPeakRssMiB: mib(Math.max(...client.map((run) => run.peakRssBytes))),
    undiciFloorPeakRssMiB: mib(Math.max(...floor.map((run) => run.peakRssBytes))),
    ratios: {
      clientOverUndiciFloorCallsPerSecond: ratio(clientCallsPerSecond, undiciFloorCallsPerSecond),
      clientOverUndiciFloorPeakRss: ratio(
        Math.max(...client.map((run) => run.peakRssBytes)),
        Math.max(...floor.map((run) => run.peakRssBytes))
      )
    }
  }
}

const main = async () => {
  const started = performance.now()
  const dist = buildDist()
  await compileScripts()
  const server = await startServer()
  let latency: LatencyResult
  const clientRuns: Array<ThroughputResult> = []
  const floorRuns: Array<ThroughputResult> = []
  try {
    latency = await runJson<LatencyResult>("latency.ts", [
      server.baseUrl,
      String(sequentialCalls),
      String(sequentialRounds)
    ])
    for (let r = 0; r < throughputRounds; r++) {
      const run = (script: "throughputClient.ts" | "throughputFloor.ts") =>
        runJson<ThroughputResult>(script, [server.baseUrl, String(throughputCalls), String(throughputConcurrency)])
      if (r % 2 === 0) {
        clientRuns.push(await run("throughputClient.ts"))
        floorRuns.push(await run("throughputFloor.ts"))
      } else {
        floorRuns.push(await run("throughputFloor.ts"))
        clientRuns.push(await run("throughputClient.ts"))
      }
    }
  } finally {
    server.stop()
  }
  const decoded = await runJson<DecodeResult>("decode.ts", [String(decodeRounds)])
  const imports = await measureImports(importRounds)
  const bundles: Record<"client" | "schemaOnly", BundleResult> = {
    client: await measureBundle(clientProgram),
    schemaOnly: await measureBundle(schemaProgram)
  }

  const report = {
    machine: {
      nproc: cpus().length,
      cpu: cpus()[0]?.model ?? "unknown",
      memoryGiB: round(totalmem() / 2 ** 30),
      node: process.version,
      platform: `${process.platform}-${process.arch}`
    },
    date: new Date().toISOString(),
    sequential: sequential(latency),
    throughput: throughput(clientRuns, floorRuns),
    decode: {
      ...decoded,
      ratios: { schemaDecodeOverJsonParse: ratio(decoded.schemaDecodeMillis, decoded.jsonParseMillis) }
    },
    importCost: {
      measuredAgainst: `dist (${dist})`,
      ...imports,
      ratios: { clientOverEffectAndPlatform: ratio(imports.clientMillis, imports.effectAndPlatformMillis) }
    },
    bundle: {
      measuredAgainst: `dist (${dist})`,
      clientProgram: bundles.client,
      schemaOnlyProgram: bundles.schemaOnly
    },
    goals: [] as Array<{ readonly goal: string; readonly value: number | boolean; readonly met: boolean }>,
    seconds: 0
  }
  const goal = (name: string, value: number | boolean, met: boolean) => report.goals.push({ goal: name, value, met })
  for (const operation of operations) {
    const { ratios } = report.sequential[operation]!
    goal(
      `${operation}: client undici / undici floor <= 2.0`,
      ratios.clientUndiciOverUndiciFloor,
      ratios.clientUndiciOverUndiciFloor <= 2
    )
    goal(
      `${operation}: client undici / fetch floor <= 0.6`,
      ratios.clientUndiciOverFetchFloor,
      ratios.clientUndiciOverFetchFloor <= 0.6
    )
  }
  const calls = report.throughput.ratios.clientOverUndiciFloorCallsPerSecond
  goal("throughput: client / undici floor >= 0.5", calls, calls >= 0.5)
  const decodeRatio = report.decode.ratios.schemaDecodeOverJsonParse
  goal("decode: schema / JSON.parse <= 3.0", decodeRatio, decodeRatio <= 3)
  const { containsPlatform } = report.bundle.schemaOnlyProgram
  goal("bundle: schema-only program contains @effect/platform", containsPlatform, !containsPlatform)

  const { machine } = report
  line("machine", `${machine.nproc} cpus (${machine.cpu}), node ${machine.node}, ${machine.platform}`)
  for (const operation of operations) {
    const { medianMicros: m, ratios: r } = report.sequential[operation]!
    const label = `sequential ${operation}`
    line(`${label}, client over undici (median)`, us(m.clientUndici))
    line(`${label}, client over undici, Layer.setTracerEnabled(false) (median)`, us(m.clientUndiciTracingOff))
    line(`${label}, client over FetchHttpClient (median)`, us(m.clientFetch))
    line(`${label}, undici.request + JSON.parse (median)`, us(m.undiciFloor))
    line(`${label}, fetch + JSON.parse (median)`, us(m.fetchFloor))
    line(`${label}, ratio client undici / undici floor`, x(r.clientUndiciOverUndiciFloor))
    line(`${label}, ratio client undici / fetch floor`, x(r.clientUndiciOverFetchFloor))
    line(`${label}, ratio client undici tracing off / undici floor`, x(r.clientUndiciTracingOffOverUndiciFloor))
    line(`${label}, ratio client fetch / fetch floor`, x(r.clientFetchOverFetchFloor))
  }
  const t = report.throughput
  line(`throughput, client over undici (${t.concurrency} in flight)`, `${t.clientCallsPerSecond} calls/s`)
  line(`throughput, undici.request + JSON.parse (${t.concurrency} in flight)`, `${t.undiciFloorCallsPerSecond} calls/s`)
  line("throughput, peak RSS client / undici floor", `${t.clientPeakRssMiB} MiB / ${t.undiciFloorPeakRssMiB} MiB`)
  line("throughput, ratio client / undici floor (calls/s)", x(t.ratios.clientOverUndiciFloorCallsPerSecond))
  line("throughput, ratio client / undici floor (peak RSS)", x(t.ratios.clientOverUndiciFloorPeakRss))
  const d = report.decode
  line(`decode largest TransferOwnershipResult (${d.bodyBytes} bytes), schema`, `${d.schemaDecodeMillis} ms`)
  line("decode largest TransferOwnershipResult, JSON.parse alone", `${d.jsonParseMillis} ms`)
  line("decode, ratio schema / JSON.parse", x(d.ratios.schemaDecodeOverJsonParse))
  const i = report.importCost
  line(`import @tmi-effect/client, cold, ${i.measuredAgainst}`, `${i.clientMillis} ms`)
  line("import effect + @effect/platform, cold", `${i.effectAndPlatformMillis} ms`)
  line("import, ratio client / effect + platform", x(i.ratios.clientOverEffectAndPlatform))
  const b = report.bundle
  line("bundle, program calling the three operations (min+gzip)", `${b.clientProgram.gzipBytes} bytes`)
  line("bundle, program importing only @tmi-effect/schema (min+gzip)", `${b.schemaOnlyProgram.gzipBytes} bytes`)
  line("bundle, schema-only program contains @effect/platform", String(b.schemaOnlyProgram.containsPlatform))

  for (const { goal: name, met, value } of report.goals) line(`goal ${name}`, `${met ? "met" : "NOT met"} (${value})`)

  report.seconds = round((performance.now() - started) / 1000)
  line("bench wall time", `${report.seconds} s`)
  if (jsonFile !== undefined) writeFileSync(jsonFile, `${JSON.stringify(report, null, 2)}\n`)
}

main().then(() => process.exit(0), (error) => {
  console.error(error)
  process.exit(1)
})
