/**
 * Runs the measuring scripts in fresh Node processes. They are bundled first with every
 * package left external, so in the child `@tmi-effect/client` resolves to its built `dist`
 * exactly as for a user, and no loader is in the way of what is measured.
 */
import { build } from "esbuild"
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"

const scripts = ["server.ts", "latency.ts", "throughputClient.ts", "throughputFloor.ts", "decode.ts"] as const

export type Script = typeof scripts[number]

/** Inside the package (so its own name and dependencies resolve), and ignored by git. */
const outDir = fileURLToPath(new URL("../.bench/", import.meta.url))

const compiled = (script: Script) => `${outDir}${script.replace(/\.ts$/, ".mjs")}`

export const compileScripts = async (): Promise<void> => {
  await build({
    entryPoints: scripts.map((script) => fileURLToPath(new URL(script, import.meta.url))),
    outdir: outDir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    packages: "external",
    format: "esm",
    platform: "node",
    target: "node20",
    logLevel: "warning"
  })
}

export const runJson = <A>(script: Script, args: ReadonlyArray<string>): Promise<A> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [compiled(script), ...args], { stdio: ["ignore", "pipe", "inherit"] })
    let output = ""
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk))
    child.on("error", reject)
    child.on("close", (code) => {
      const last = output.trim().split("\n").at(-1) ?? ""
      if (code !== 0) return reject(new Error(`${script} exited with ${code}`))
      try {
        resolve(JSON.parse(last) as A)
      } catch {
        reject(new Error(`${script} printed no JSON result: ${last.slice(0, 200)}`))
      }
    })
  })

/** Starts the loopback server and resolves with its base URL and a way to stop it. */
export const startServer = (): Promise<{ readonly baseUrl: string; readonly stop: () => void }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [compiled("server.ts")], { stdio: ["pipe", "pipe", "inherit"] })
    child.on("error", reject)
    child.stdout.setEncoding("utf8").once("data", (line: string) => {
      const { port } = JSON.parse(line) as { port: number }
      resolve({ baseUrl: `http://127.0.0.1:${port}`, stop: () => child.stdin.end() })
    })
  })
