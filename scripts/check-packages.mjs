// Checks both packages as they would be published and as a consumer sees them:
//
//   1. builds them (`tsc -b tsconfig.build.json`), audits their doc comments and builds the
//      API reference with docgen, whose examples must type-check and run;
//   2. packs them with `pnpm pack`, which applies `publishConfig` and rewrites `workspace:`;
//   3. checks each packed manifest, then runs publint and attw on the tarball;
//   4. runs the Effect language service's diagnostics over sources, tests and examples;
//   5. installs the tarballs into a fresh project in a temp dir; type-checks a small program
//      against them (strict, skipLibCheck off, so our declaration files are checked too), then
//      the examples and the README code blocks; runs the program, and a CommonJS require(),
//      with plain Node.
//
// Exits 1 at the first step that fails. `KEEP_SMOKE=1` keeps the temp dir for a look.
import { spawnSync } from "node:child_process"
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join, relative } from "node:path"

const root = join(import.meta.dirname, "..")
const bin = (name) => join(root, "node_modules", ".bin", name)
const started = Date.now()

const say = (line) => process.stdout.write(`${line}\n`)
const fail = (line) => {
  process.stderr.write(`check:packages: ${line}\n`)
  process.exit(1)
}
const step = (title) => say(`\n== ${title} (${((Date.now() - started) / 1000).toFixed(1)}s)`)

const shown = (path) => path.startsWith(root) ? relative(root, path) : path

/** Runs a command with inherited output; fails the whole check when it exits non-zero. */
const run = (command, args, options = {}) => {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", ...options })
  if (result.error !== undefined) fail(`${command}: ${result.error.message}`)
  if (result.status !== 0) fail(`${[shown(command), ...args.map(shown)].join(" ")} exited ${result.status}`)
  return result
}

/** Runs a command and returns its standard output. */
const capture = (command, args, options = {}) => {
  const result = spawnSync(command, args, { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, ...options })
  if (result.error !== undefined) fail(`${command}: ${result.error.message}`)
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr)
    fail(`${[command, ...args].join(" ")} exited ${result.status}`)
  }
  return result.stdout
}

const readJson = (file) => JSON.parse(readFileSync(file, "utf8"))

const packages = readdirSync(join(root, "packages"))
  .map((name) => join(root, "packages", name))
  .filter((dir) => existsSync(join(dir, "package.json")))
  .map((dir) => ({ dir, manifest: readJson(join(dir, "package.json")) }))
  .filter(({ manifest }) => manifest.private !== true)

const work = mkdtempSync(join(tmpdir(), "tmi-effect-packages-"))
process.on("exit", () => {
  if (process.env.KEEP_SMOKE === "1") say(`kept ${work}`)
  else rmSync(work, { recursive: true, force: true })
})

// -----------------------------------------------------------------------------
step("build")
run(bin("tsc"), ["-b", "tsconfig.build.json"])

// `tsc -b` never deletes outputs whose source is gone; they would be published.
for (const { dir, manifest } of packages) {
  const dist = join(dir, "dist")
  if (!existsSync(dist)) fail(`${manifest.name}: no dist/ after the build`)
  const stale = readdirSync(dist, { recursive: true })
    .filter((file) => file.endsWith(".js"))
    .filter((file) => !existsSync(join(dir, "src", file.replace(/\.js$/, ".ts"))))
  if (stale.length > 0) {
    fail(`${manifest.name}: dist/ holds output with no source (${stale.join(", ")}); delete dist/ and .tsbuild/`)
  }
}

step("doc comments")
run(process.execPath, [join(root, "scripts", "check-doc-comments.mjs")])

// docgen fails on an export without @since or a description, and type-checks and runs every
// @example; the reference it writes to packages/*/docs is what `pnpm run docs` builds.
step("API reference")
run("pnpm", ["--filter", "./packages/*", "--workspace-concurrency=1", "exec", "docgen"])

// -----------------------------------------------------------------------------
step("pack")
const tarballDir = join(work, "tarballs")
mkdirSync(tarballDir)
const tarballs = new Map()
for (const { dir, manifest } of packages) {
  const before = new Set(readdirSync(tarballDir))
  capture("pnpm", ["pack", "--pack-destination", tarballDir], { cwd: dir })
  const made = readdirSync(tarballDir).filter((file) => !before.has(file))
  if (made.length !== 1) fail(`${manifest.name}: pnpm pack made ${made.length} files`)
  tarballs.set(manifest.name, join(tarballDir, made[0]))
  say(`${manifest.name} -> ${made[0]}`)
}

step("packed manifests")
const exportTargets = (value) =>
  typeof value === "string"
    ? [value]
    : value === null
    ? []
    : Object.entries(value).flatMap(([key, nested]) => key.startsWith("@") ? [key] : exportTargets(nested))

const withoutSourceCondition = (value) =>
  typeof value !== "object" || value === null
    ? value
    : Object.fromEntries(
      Object.entries(value).filter(([key]) => !key.startsWith("@")).map(([key, nested]) => [
        key,
        withoutSourceCondition(nested)
      ])
    )

for (const [name, tarball] of tarballs) {
  const listing = capture("tar", ["-tzf", tarball]).split("\n").filter((line) => line !== "")
  const packed = JSON.parse(capture("tar", ["-xzOf", tarball, "package/package.json"]))
  const problems = []
  for (const field of ["dependencies", "peerDependencies", "optionalDependencies"]) {
    for (const [dep, range] of Object.entries(packed[field] ?? {})) {
      if (/^(workspace|catalog|link|file):/.test(range)) problems.push(`${field}.${dep} is "${range}"`)
    }
  }
  for (const target of exportTargets(packed.exports ?? {})) {
    if (target.startsWith("@")) problems.push(`exports keeps the workspace condition "${target}"`)
    else if (/\.[cm]?ts$/.test(target) && !/\.d\.[cm]?ts$/.test(target)) problems.push(`exports points at ${target}`)
  }
  // publishConfig.exports must say what exports says, less the workspace-only condition.
  const workspaceExports = packages.find(({ manifest }) => manifest.name === name).manifest.exports
  if (JSON.stringify(withoutSourceCondition(workspaceExports)) !== JSON.stringify(packed.exports)) {
    problems.push("the published exports differ from the workspace exports: update publishConfig.exports")
  }
  if (packed.license !== "Apache-2.0") problems.push(`license is ${packed.license}`)
  if (packed.sideEffects !== false) problems.push("sideEffects is not false")
  if (packed.engines?.node === undefined) problems.push("engines.node is missing")
  if (packed.repository?.url === undefined) problems.push("repository is missing")
  for (const peer of ["effect", "@effect/platform"]) {
    if (packed.dependencies?.[peer] !== undefined) problems.push(`${peer} must be a peer dependency, not a dependency`)
  }
  for (const file of ["package/LICENSE", "package/README.md", "package/CHANGELOG.md"]) {
    if (!listing.includes(file)) problems.push(`${file.slice("package/".length)} is not in the tarball`)
  }
  if (problems.length > 0) fail(`${name}:\n  ${problems.join("\n  ")}`)
  say(`${name}: ${listing.length} files, manifest fit for the registry`)
}

step("publint")
for (const tarball of tarballs.values()) run(bin("publint"), ["run", tarball, "--strict"])

step("are the types wrong")
// ESM only: Node >= 20.19 loads ESM through require(), which attw's CommonJS rows do not model.
for (const tarball of tarballs.values()) run(bin("attw"), [tarball, "--profile", "esm-only", "--format", "ascii"])

// -----------------------------------------------------------------------------
step("Effect language service diagnostics")
const diagnostics = JSON.parse(
  capture(bin("effect-language-service"), [
    "diagnostics",
    "--project",
    join(root, "scripts", "tsconfig.diagnostics.json"),
    "--format",
    "json"
  ]).replace(/^[^{]*/, "")
).diagnostics
const blocking = diagnostics.filter((d) => d.severity === "error" || d.severity === "warning")
for (const d of diagnostics) {
  say(`${relative(root, d.file)}:${d.line}:${d.column} ${d.severity} ${d.name}: ${d.message}`)
}
if (blocking.length > 0) fail(`${blocking.length} Effect diagnostic(s) at error or warning level`)
say(`${diagnostics.length === 0 ? "no diagnostics" : `${diagnostics.length} suggestion(s), none blocking`}`)

// -----------------------------------------------------------------------------
step("consumer smoke project")
const smoke = join(work, "consumer")
mkdirSync(smoke)
cpSync(join(root, "scripts", "smoke"), smoke, { recursive: true })

// The examples are written against the published entry points: type-check them as a consumer would.
const examplesDir = join(root, "examples")
const examples = readdirSync(examplesDir, { recursive: true })
  .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts") && !file.split("/").includes("node_modules"))
for (const file of examples) {
  mkdirSync(dirname(join(smoke, "examples", file)), { recursive: true })
  cpSync(join(examplesDir, file), join(smoke, "examples", file))
}

// So are the TypeScript blocks of the package READMEs, which the registry shows.
let readmeBlocks = 0
mkdirSync(join(smoke, "readme"))
for (const { dir, manifest } of packages) {
  const readme = readFileSync(join(dir, "README.md"), "utf8")
  for (const [, code] of readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)) {
    writeFileSync(join(smoke, "readme", `${manifest.name.split("/").pop()}-${readmeBlocks++}.ts`), code)
  }
}

// Third-party versions are the ones the workspace resolved, so the store already holds them.
const installedVersion = (from, dep) => readJson(join(from, "node_modules", dep, "package.json")).version
const dependencies = Object.fromEntries([...tarballs].map(([name, tarball]) => [name, `file:${tarball}`]))
for (const dep of Object.keys(readJson(join(examplesDir, "package.json")).dependencies ?? {})) {
  if (!tarballs.has(dep)) dependencies[dep] = installedVersion(examplesDir, dep)
}
for (const { dir, manifest } of packages) {
  for (const peer of Object.keys(manifest.peerDependencies ?? {})) dependencies[peer] ??= installedVersion(dir, peer)
}
writeFileSync(
  join(smoke, "package.json"),
  JSON.stringify(
    {
      name: "tmi-effect-consumer-smoke",
      private: true,
      type: "module",
      dependencies,
      devDependencies: { "@types/node": installedVersion(root, "@types/node") },
      // Not on the registry yet: a tarball that depends on another of ours gets it from its tarball.
      pnpm: { overrides: Object.fromEntries([...tarballs].map(([name, tarball]) => [name, `file:${tarball}`])) }
    },
    null,
    2
  )
)
say(
  `${examples.length} example file(s), ${readmeBlocks} README block(s); dependencies: ${
    Object.keys(dependencies).join(", ")
  }`
)

const store = capture("pnpm", ["store", "path"]).trim()
run("pnpm", [
  "install",
  "--store-dir",
  store,
  "--prefer-offline",
  "--no-frozen-lockfile",
  "--config.strict-peer-dependencies=true",
  "--reporter=append-only"
], { cwd: smoke })
// The program under skipLibCheck: false, so our declaration files are checked as well.
run(bin("tsc"), ["-p", join(smoke, "tsconfig.json")], { cwd: smoke })
// The examples use @effect/platform-node, whose declarations need @types/ws: skipLibCheck there.
run(bin("tsc"), ["-p", join(smoke, "tsconfig.examples.json")], { cwd: smoke })
run(process.execPath, [join(smoke, "out", "main.js")], { cwd: smoke })
run(process.execPath, [join(smoke, "require.cjs")], { cwd: smoke })

say(`\ncheck:packages: all good in ${((Date.now() - started) / 1000).toFixed(1)}s`)
