/**
 * Import cost: a cold `import()` in a fresh, plain Node process (no loader), of the built
 * `dist` of `@tmi-effect/client` against `effect` + `@effect/platform`. Fresh processes
 * alternate between the two sides; the time is measured inside the process, around the
 * `import()` alone, so Node's own start-up is left out.
 */
import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"
import { median, round } from "./stats.js"

export interface ImportResult {
  readonly clientMillis: number
  readonly effectAndPlatformMillis: number
}

/** The client package's folder: `@tmi-effect/client` resolves there to itself, and so to `dist`. */
const packageDir = fileURLToPath(new URL("..", import.meta.url))

const program = (specifiers: ReadonlyArray<string>) =>
  [
    "const start = performance.now()",
    ...specifiers.map((specifier) => `await import(${JSON.stringify(specifier)})`),
    "process.stdout.write(String(performance.now() - start))"
  ].join("\n")

const timeImport = (specifiers: ReadonlyArray<string>): Promise<number> =>
  new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      ["--input-type=module", "--eval", program(specifiers)],
      { cwd: packageDir },
      (error, stdout) => (error === null ? resolve(Number(stdout)) : reject(error))
    )
  )

export const measureImports = async (rounds: number): Promise<ImportResult> => {
  const client: Array<number> = []
  const baseline: Array<number> = []
  for (let r = 0; r < rounds; r++) {
    const clientFirst = r % 2 === 0
    if (clientFirst) client.push(await timeImport(["@tmi-effect/client"]))
    baseline.push(await timeImport(["effect", "@effect/platform"]))
    if (!clientFirst) client.push(await timeImport(["@tmi-effect/client"]))
  }
  return { clientMillis: round(median(client)), effectAndPlatformMillis: round(median(baseline)) }
}
