/**
 * Bundle size: esbuild bundles (minified, ESM, for Node) of two small programs, measured
 * gzipped. Workspace packages are bundled from their built `dist`, as a user installing
 * them would get them.
 */
import { build } from "esbuild"
import { fileURLToPath } from "node:url"
import { gzipSync } from "node:zlib"

export interface BundleResult {
  readonly gzipBytes: number
  readonly minifiedBytes: number
  /** Whether any module of `@effect/platform` ended up in the bundle. */
  readonly containsPlatform: boolean
}

const resolveDir = fileURLToPath(new URL(".", import.meta.url))

/** A program calling the three operations over the fetch transport. */
export const clientProgram = `
import { FetchHttpClient } from "@effect/platform"
import { TmiClient, UsersApi } from "@tmi-effect/client"
import { Effect, Layer, Redacted } from "effect"

const program = Effect.gen(function*() {
  const users = yield* UsersApi.UsersApi
  const moved = yield* users.transferCurrentUserOwnership("5f2b7c1e-9a43-4d6b-8e21-3c4f5a6b7d80")
  const challenge = yield* users.deleteUserAccount()
  yield* users.deleteUserAccount(challenge)
  yield* users.logoutCurrentUser()
  return moved
})

const layer = TmiClient.layer({ token: Redacted.make("token") }).pipe(Layer.provide(FetchHttpClient.layer))
Effect.runPromise(Effect.provide(program, layer)).then(console.log)
`

/** A program using only the wire models. */
export const schemaProgram = `
import { DeletionChallenge, TransferOwnershipResult } from "@tmi-effect/schema"
import { Schema } from "effect"

console.log(Schema.decodeUnknownSync(TransferOwnershipResult)(JSON.parse(process.argv[2] ?? "{}")))
console.log(Schema.decodeUnknownSync(DeletionChallenge)(JSON.parse(process.argv[3] ?? "{}")))
`

export const measureBundle = async (contents: string): Promise<BundleResult> => {
  const result = await build({
    stdin: { contents, resolveDir, loader: "ts", sourcefile: "entry.ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "node",
    target: "node20",
    write: false,
    metafile: true,
    logLevel: "silent"
  })
  const code = result.outputFiles[0]?.contents ?? new Uint8Array()
  return {
    gzipBytes: gzipSync(code, { level: 9 }).byteLength,
    minifiedBytes: code.byteLength,
    containsPlatform: Object.keys(result.metafile.inputs).some((path) => /@effect[+/]platform/.test(path))
  }
}
