/**
 * Prism (Stoplight's OpenAPI tool) as a validating proxy in front of a server under test:
 * it refuses a request that breaks the contract with 422 before it reaches the server, and
 * turns a response that breaks it into a 500 listing the violations (`--errors`). Both come
 * back as `application/problem+json`, which neither the client nor the fake ever send.
 */
import { Command, Headers, HttpClient } from "@effect/platform"
import type { CommandExecutor, Error as PlatformError, HttpClientResponse } from "@effect/platform"
import type { Scope } from "effect"
import { Data, Deferred, Duration, Effect, Layer, Option, Ref, Stream } from "effect"
import { existsSync, readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

/** The contract trimmed to the three Users operations: Prism starts on it in about a second. */
export const usersSpecPath = fileURLToPath(new URL("../../../../shared/tmi/tmi-users-openapi.json", import.meta.url))

/** The whole TMI contract, of which the trimmed one must be a faithful part. */
export const fullSpecPath = fileURLToPath(new URL("../../../../shared/tmi/tmi-openapi.json", import.meta.url))

export const specPresent = existsSync(usersSpecPath)

export class PrismError extends Data.TaggedError("PrismError")<{
  readonly reason: "Exited" | "StartupTimeout"
  readonly output: ReadonlyArray<string>
}> {
  override get message(): string {
    const why = this.reason === "Exited" ? "Prism exited before listening" : "Prism did not start in time"
    return `${why}; its last output:\n${this.output.join("\n")}`
  }
}

/** Prism's command-line entry point, found through module resolution from this package. */
const prismEntry = (): string => {
  const require = createRequire(import.meta.url)
  const manifestPath = require.resolve("@stoplight/prism-cli/package.json")
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { readonly bin: { readonly prism: string } }
  return join(dirname(manifestPath), manifest.bin.prism)
}

export interface ProxyOptions {
  readonly spec: string
  /** Where valid requests are forwarded, e.g. `http://127.0.0.1:40123`. */
  readonly upstream: string
  /** Default 20 s: Prism needs 1 to 3 s on an idle machine, more on a busy one. */
  readonly startupTimeout?: Duration.DurationInput | undefined
}

export interface PrismProxy {
  /** Prism's own address, e.g. `http://127.0.0.1:40321`. */
  readonly url: string
  /** Prism's latest output lines, for diagnosing a failure. */
  readonly output: Effect.Effect<ReadonlyArray<string>>
}

const listening = /Prism is listening on (http:\/\/\S+)/
const keptLines = 200

/**
 * Starts `prism proxy SPEC UPSTREAM --errors` on loopback, on a port the system picks, and
 * stops it when the scope closes: SIGTERM first, SIGKILL if it lingers.
 */
export const proxy = (
  options: ProxyOptions
): Effect.Effect<PrismProxy, PrismError | PlatformError.PlatformError, Scope.Scope | CommandExecutor.CommandExecutor> =>
  Effect.gen(function*() {
    const command = Command.make(
      process.execPath,
      prismEntry(),
      "proxy",
      options.spec,
      options.upstream,
      "--errors",
      "-h",
      "127.0.0.1",
      "-p",
      "0"
    )
    const prism = yield* Command.start(command)
    yield* Effect.addFinalizer(() =>
      prism.kill("SIGTERM").pipe(
        Effect.timeout("3 seconds"),
        Effect.catchAll(() => prism.kill("SIGKILL")),
        Effect.ignore
      )
    )

    const output = yield* Ref.make<ReadonlyArray<string>>([])
    const ready = yield* Deferred.make<string>()
    // Both streams are read to the end: Prism logs every request, and a full pipe would stall it.
    const follow = (stream: Stream.Stream<Uint8Array, PlatformError.PlatformError>) =>
      stream.pipe(
        Stream.decodeText(),
        Stream.splitLines,
        Stream.runForEach((line) => {
          const url = listening.exec(line)?.[1]
          return Ref.update(output, (lines) => [...lines.slice(1 - keptLines), line]).pipe(
            Effect.zipRight(url === undefined ? Effect.void : Deferred.succeed(ready, url))
          )
        }),
        Effect.ignore,
        Effect.forkScoped
      )
    yield* follow(prism.stdout)
    yield* follow(prism.stderr)

    const failure = (reason: PrismError["reason"]) =>
      Effect.flatMap(Ref.get(output), (lines) => new PrismError({ reason, output: lines }))
    const url = yield* Deferred.await(ready).pipe(
      Effect.raceFirst(Effect.zipRight(Effect.ignore(prism.exitCode), failure("Exited"))),
      Effect.timeout(options.startupTimeout ?? Duration.seconds(20)),
      Effect.catchTag("TimeoutException", () => failure("StartupTimeout"))
    )
    return { url, output: Ref.get(output) }
  })

// =============================================================================
// What Prism objected to
// =============================================================================

/** Prism refused a request or flagged a response; the text is Prism's own. */
export class ContractViolation extends Data.TaggedError("ContractViolation")<{
  readonly request: string
  readonly status: number
  readonly violations: ReadonlyArray<string>
}> {
  override get message(): string {
    return `Prism objected to ${this.request} (answered ${this.status}):\n  ${this.violations.join("\n  ")}`
  }
}

interface PrismValidation {
  readonly location?: ReadonlyArray<string | number>
  readonly severity?: string
  readonly message?: string
}

interface PrismProblem {
  readonly title?: string
  readonly detail?: string
  readonly validation?: ReadonlyArray<PrismValidation>
}

const describeValidation = (validation: PrismValidation): string =>
  `${validation.severity ?? "Error"} at ${(validation.location ?? []).join(".") || "(whole exchange)"}: ${
    validation.message ?? "(no message)"
  }`

const parseJson = <A>(text: string): Option.Option<A> => {
  try {
    return Option.some(JSON.parse(text) as A)
  } catch {
    return Option.none()
  }
}

/**
 * Everything Prism objected to in one exchange, empty when it found nothing: its own
 * problem+json answers (a refused request, a flagged response, a refused credential), and
 * the `sl-violations` header it adds to a response it lets through with a warning, such as
 * an undocumented status.
 */
export const objections = (
  response: HttpClientResponse.HttpClientResponse
): Effect.Effect<ReadonlyArray<string>> =>
  Effect.gen(function*() {
    const contentType = Option.getOrElse(Headers.get(response.headers, "content-type"), () => "")
    if (contentType.includes("application/problem+json")) {
      const text = yield* Effect.orElseSucceed(response.text, () => "(body unreadable)")
      return Option.match(parseJson<PrismProblem>(text), {
        onNone: () => [text],
        onSome: (
          problem
        ) => [`${problem.title}: ${problem.detail}`, ...(problem.validation ?? []).map(describeValidation)]
      })
    }
    return Headers.get(response.headers, "sl-violations").pipe(
      Option.flatMap((header) => parseJson<ReadonlyArray<PrismValidation>>(header)),
      Option.match({ onNone: () => [], onSome: (validations) => validations.map(describeValidation) })
    )
  })

/**
 * An `HttpClient` that dies with a {@link ContractViolation} carrying Prism's text as soon
 * as Prism objects to an exchange, so no test can pass over one.
 */
export const failOnObjection = <E, R>(client: HttpClient.HttpClient.With<E, R>): HttpClient.HttpClient.With<E, R> =>
  client.pipe(
    HttpClient.transform((sent, request) =>
      Effect.tap(sent, (response) =>
        Effect.flatMap(objections(response), (violations) =>
          violations.length === 0
            ? Effect.void
            : Effect.die(
              new ContractViolation({
                request: `${request.method} ${request.url}`,
                status: response.status,
                violations
              })
            )))
    )
  )

/** Wraps the provided `HttpClient` with {@link failOnObjection}. */
export const layerFailOnObjection: Layer.Layer<HttpClient.HttpClient, never, HttpClient.HttpClient> = Layer.effect(
  HttpClient.HttpClient,
  Effect.map(HttpClient.HttpClient, failOnObjection)
)
