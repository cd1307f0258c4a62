/**
 * A stateful fake of the TMI Users API: users, bearer tokens, threat models and survey
 * responses with owners and writers, and deletion challenges that expire on Effect's
 * `Clock`. It behaves as the real server does (see the project's design notes) and can be
 * told to misbehave with {@link Fault}s.
 *
 * One `HttpApp` serves two transports: in process, as an `HttpClient` with no socket
 * (`layer` + `layerHttpClient`, driven by `TestClock`), and on a loopback socket
 * (`layerServer`), for examples and for clients in other languages.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { UsersApi } from "@tmi-effect/client"
 * import { FakeTmi } from "@tmi-effect/client/testing"
 *
 * const program = Effect.gen(function*() {
 *   const fake = yield* FakeTmi.FakeTmi
 *   const alice = yield* fake.createUser({ email: "alice@example.com" })
 *   const bob = yield* fake.createUser({ email: "bob@example.com" })
 *   yield* fake.createThreatModel({ owner: alice.id })
 *
 *   yield* Effect.flatMap(UsersApi.UsersApi, (users) => users.transferCurrentUserOwnership(bob.id)).pipe(
 *     Effect.provide(FakeTmi.layerUsersApi(alice.token))
 *   )
 *   return yield* fake.ownedBy(bob.id)
 * }).pipe(Effect.provide(FakeTmi.layerInProcess()))
 * ```
 *
 * @since 0.1.0
 */
import type { HttpClient } from "@effect/platform"
import { FetchHttpClient, HttpApp, HttpServer } from "@effect/platform"
import type { ServeError } from "@effect/platform/HttpServerError"
import { SurveyResponseId, ThreatModelId, UserId } from "@tmi-effect/schema"
import type { ConfigError } from "effect"
import { Clock, Context, Data, Duration, Effect, Layer, Option, Redacted, Ref } from "effect"
import * as TmiClient from "../TmiClient.js"
import type * as TmiConfig from "../TmiConfig.js"
import type * as UsersApi from "../UsersApi.js"
import type { Fault } from "./Fault.js"
import { base64Url, base64UrlJson, randomBytes } from "./internal/random.js"
import { type ArmedFault, droppedConnections, makeApp } from "./internal/server.js"
import * as Store from "./internal/store.js"

// =============================================================================
// Models
// =============================================================================

/**
 * A TMI user.
 *
 * @since 0.1.0
 * @category models
 */
export interface User {
  readonly id: UserId
  readonly email: string
  readonly name: string
}

/**
 * A user with a fresh bearer token, as `createUser` returns it.
 *
 * @since 0.1.0
 * @category models
 */
export interface SeededUser extends User {
  readonly token: Redacted.Redacted<string>
}

/**
 * What a grant lets a user do with an item.
 *
 * @since 0.1.0
 * @category models
 */
export type Role = "owner" | "writer" | "reader"

/**
 * One entry of an item's authorization list.
 *
 * @since 0.1.0
 * @category models
 */
export interface Grant {
  readonly userId: UserId
  readonly role: Role
}

/**
 * A threat model: its owner and its authorization list (the owner is on it as `owner`).
 *
 * @since 0.1.0
 * @category models
 */
export interface ThreatModel {
  readonly id: ThreatModelId
  readonly name: string
  readonly owner: UserId
  readonly authorization: ReadonlyArray<Grant>
}

/**
 * A survey response: its owner and its authorization list.
 *
 * @since 0.1.0
 * @category models
 */
export interface SurveyResponse {
  readonly id: SurveyResponseId
  readonly owner: UserId
  readonly authorization: ReadonlyArray<Grant>
}

/**
 * The requests the fake tells apart, for injecting faults and reading the journal:
 * `DELETE /me` without a challenge (`requestChallenge`) and with one
 * (`confirmDeletion`), `POST /me/logout` and `POST /me/transfer`.
 *
 * @since 0.1.0
 * @category models
 */
export type Route = "requestChallenge" | "confirmDeletion" | "logout" | "transfer"

/**
 * One request the fake received. `status` is absent when the connection was dropped;
 * `fault` names the injected fault that shaped the answer.
 *
 * @since 0.1.0
 * @category models
 */
export interface RecordedRequest {
  readonly method: string
  readonly path: string
  /** Absent for a path or method the Users API does not have (answered 404 or 405). */
  readonly route: Route | undefined
  readonly status: number | undefined
  readonly fault: Fault["_tag"] | undefined
}

/**
 * A deletion challenge the fake is waiting for.
 *
 * @since 0.1.0
 * @category models
 */
export interface PendingChallenge {
  readonly userId: UserId
  readonly challengeText: string
  readonly expiresAt: Date
}

/**
 * Everything the fake holds, at one instant.
 *
 * @since 0.1.0
 * @category models
 */
export interface Snapshot {
  readonly users: ReadonlyArray<User>
  readonly threatModels: ReadonlyArray<ThreatModel>
  readonly surveyResponses: ReadonlyArray<SurveyResponse>
  /** Challenges issued and neither used nor expired. */
  readonly pendingChallenges: ReadonlyArray<PendingChallenge>
}

/**
 * What a token currently means to the fake.
 *
 * @since 0.1.0
 * @category models
 */
export type TokenStatus = "Active" | "Revoked" | "Unknown"

// =============================================================================
// Service
// =============================================================================

/**
 * The fake: where it answers, its app, and the handles a test uses to seed it, inspect it
 * and make it misbehave.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** Where to send requests: the loopback address on a socket, {@link inProcessBaseUrl} in process. */
  readonly baseUrl: string
  /** The fake itself, for serving it anywhere an `HttpApp` is accepted. */
  readonly app: HttpApp.Default

  // --- seeding ---

  /** Adds a user and issues a token for them. Dies when the email is taken. */
  readonly createUser: (
    input?: { readonly email?: string | undefined; readonly name?: string | undefined }
  ) => Effect.Effect<SeededUser>
  /** Issues another token for a user (the old ones stay valid). Dies for an unknown user. */
  readonly issueToken: (userId: UserId) => Effect.Effect<Redacted.Redacted<string>>
  /**
   * Adds a threat model owned by `owner`. `authorization` adds grants: another `owner`
   * makes it shared, so it survives its owner's deletion. Dies for unknown users.
   */
  readonly createThreatModel: (input: {
    readonly owner: UserId
    readonly name?: string | undefined
    readonly authorization?: ReadonlyArray<Grant> | undefined
  }) => Effect.Effect<ThreatModel>
  /** Adds a survey response owned by `owner`. Dies for unknown users. */
  readonly createSurveyResponse: (input: {
    readonly owner: UserId
    readonly authorization?: ReadonlyArray<Grant> | undefined
  }) => Effect.Effect<SurveyResponse>

  // --- inspection ---

  /** Everything the fake holds now. */
  readonly snapshot: Effect.Effect<Snapshot>
  /** A user, unless deleted or never created. */
  readonly user: (id: UserId) => Effect.Effect<Option.Option<User>>
  /** A threat model, unless deleted or never created. */
  readonly threatModel: (id: ThreatModelId) => Effect.Effect<Option.Option<ThreatModel>>
  /** A survey response, unless deleted or never created. */
  readonly surveyResponse: (id: SurveyResponseId) => Effect.Effect<Option.Option<SurveyResponse>>
  /** What `userId` owns now. */
  readonly ownedBy: (userId: UserId) => Effect.Effect<{
    readonly threatModels: ReadonlyArray<ThreatModel>
    readonly surveyResponses: ReadonlyArray<SurveyResponse>
  }>
  /** Whether the fake still accepts `token`: `Revoked` after logout or its user's deletion. */
  readonly tokenStatus: (token: Redacted.Redacted<string>) => Effect.Effect<TokenStatus>
  /** Every request received so far, oldest first. */
  readonly requests: Effect.Effect<ReadonlyArray<RecordedRequest>>

  // --- faults ---

  /**
   * Arms `fault` for the given routes (all of them by default), for the next `times`
   * matching requests or until {@link Service.clearFaults}. Armed faults apply in the
   * order they were armed: latencies add up, and the first other fault shapes the answer.
   */
  readonly inject: (
    fault: Fault,
    options?: {
      readonly routes?: Route | ReadonlyArray<Route> | undefined
      readonly times?: number | undefined
    }
  ) => Effect.Effect<void>
  /** Disarms every fault. */
  readonly clearFaults: Effect.Effect<void>
}

/**
 * The fake TMI server in context.
 *
 * @since 0.1.0
 * @category tags
 */
export class FakeTmi extends Context.Tag("@tmi-effect/client/testing/FakeTmi")<FakeTmi, Service>() {}

/**
 * How the fake behaves where the real server is configurable.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /**
   * Requests each user may make per window before getting 429, as the real server's
   * per-user limit. Default 100 per minute; `false` turns it off.
   */
  readonly rateLimit?:
    | { readonly limit: number; readonly window?: Duration.DurationInput | undefined }
    | false
    | undefined
}

/**
 * The base URL of an in-process fake. No request leaves the process; the `.invalid`
 * domain makes sure none ever could.
 *
 * @since 0.1.0
 * @category constants
 */
export const inProcessBaseUrl = "https://tmi.fake.invalid"

const makeToken = (user: User, issuedAtMillis: number): string =>
  // Shaped like the real server's JWTs so code that peeks at claims keeps working; the
  // signature is random and nothing verifies it.
  [
    base64UrlJson({ alg: "HS256", typ: "JWT" }),
    base64UrlJson({
      sub: user.id,
      email: user.email,
      name: user.name,
      iat: Math.floor(issuedAtMillis / 1000),
      jti: globalThis.crypto.randomUUID()
    }),
    base64Url(randomBytes(32), { padding: false })
  ].join(".")

const ownerFirst = (owner: UserId, extra: ReadonlyArray<Grant> | undefined): ReadonlyArray<Grant> => [
  { userId: owner, role: "owner" },
  ...(extra ?? []).filter((entry) => entry.userId !== owner)
]

/**
 * Builds a fake answering at `baseUrl`, which only tells clients where to go: serving the
 * app is the transport's business.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options & { readonly baseUrl?: string | undefined } = {}): Effect.Effect<Service> =>
  Effect.gen(function*() {
    const state = yield* Ref.make(Store.empty)
    const faults = yield* Ref.make<ReadonlyArray<ArmedFault>>([])
    const journal = yield* Ref.make<ReadonlyArray<RecordedRequest>>([])
    const ratePolicy = options.rateLimit === false ? undefined : {
      limit: options.rateLimit?.limit ?? 100,
      windowMillis: Duration.toMillis(Duration.decode(options.rateLimit?.window ?? "1 minute"))
    }

    const requireUser = (userId: UserId, operation: string) =>
      Effect.flatMap(Ref.get(state), (current) => {
        const user = current.users.get(userId)
        return user === undefined ? Effect.dieMessage(`FakeTmi.${operation}: no user ${userId}`) : Effect.succeed(user)
      })

    const issueToken = (userId: UserId) =>
      Effect.gen(function*() {
        const user = yield* requireUser(userId, "issueToken")
        const token = makeToken(user, yield* Clock.currentTimeMillis)
        yield* Ref.update(state, (current) => Store.addToken(current, token, user.id))
        return Redacted.make(token)
      })

    const createUser: Service["createUser"] = (input = {}) =>
      Effect.gen(function*() {
        const id = UserId.make(globalThis.crypto.randomUUID())
        const email = input.email ?? `user-${id.slice(0, 8)}@example.com`
        const user: User = {
          id,
          email,
          name: input.name ?? email.split("@")[0]!
        }
        const added = yield* Ref.modify(state, (current) =>
          Store.findUserByEmail(current, email) === undefined
            ? [true, Store.addUser(current, user)]
            : [false, current])
        if (!added) return yield* Effect.dieMessage(`FakeTmi.createUser: a user with email ${email} already exists`)
        return { ...user, token: yield* issueToken(user.id) }
      })

    const requireUsers = (operation: string, owner: UserId, grants: ReadonlyArray<Grant> | undefined) =>
      Effect.forEach([owner, ...(grants ?? []).map((entry) => entry.userId)], (id) => requireUser(id, operation), {
        discard: true
      })

    const createThreatModel: Service["createThreatModel"] = (input) =>
      Effect.gen(function*() {
        yield* requireUsers("createThreatModel", input.owner, input.authorization)
        const id = ThreatModelId.make(globalThis.crypto.randomUUID())
        const model: ThreatModel = {
          id,
          name: input.name ?? `Threat model ${id.slice(0, 8)}`,
          owner: input.owner,
          authorization: ownerFirst(input.owner, input.authorization)
        }
        yield* Ref.update(
          state,
          (current) => ({ ...current, threatModels: new Map(current.threatModels).set(id, model) })
        )
        return model
      })

    const createSurveyResponse: Service["createSurveyResponse"] = (input) =>
      Effect.gen(function*() {
        yield* requireUsers("createSurveyResponse", input.owner, input.authorization)
        const id = SurveyResponseId.make(globalThis.crypto.randomUUID())
        const response: SurveyResponse = {
          id,
          owner: input.owner,
          authorization: ownerFirst(input.owner, input.authorization)
        }
        yield* Ref.update(state, (current) => ({
          ...current,
          surveyResponses: new Map(current.surveyResponses).set(id, response)
        }))
        return response
      })

    const snapshot = Effect.gen(function*() {
      const current = yield* Ref.get(state)
      const now = yield* Clock.currentTimeMillis
      return {
        users: [...current.users.values()],
        threatModels: [...current.threatModels.values()],
        surveyResponses: [...current.surveyResponses.values()],
        pendingChallenges: [...current.challenges]
          .filter(([, pending]) => now < pending.expiresAt)
          .map(([userId, pending]) => ({
            userId,
            challengeText: pending.text,
            expiresAt: new Date(pending.expiresAt)
          }))
      }
    })

    const inject: Service["inject"] = (fault, injectOptions = {}) => {
      const routes = injectOptions.routes
      const times = injectOptions.times ?? Infinity
      if (!(times >= 1)) return Effect.dieMessage(`FakeTmi.inject: times must be at least 1, got ${times}`)
      const armed: ArmedFault = {
        routes: routes === undefined ? "all" : new Set(typeof routes === "string" ? [routes] : routes),
        fault,
        remaining: times
      }
      return Ref.update(faults, (already) => [...already, armed])
    }

    return FakeTmi.of({
      baseUrl: options.baseUrl ?? inProcessBaseUrl,
      app: makeApp({ state, faults, journal, ratePolicy }),
      createUser,
      issueToken,
      createThreatModel,
      createSurveyResponse,
      snapshot,
      user: (id) => Effect.map(Ref.get(state), (current) => Option.fromNullable(current.users.get(id))),
      threatModel: (id) => Effect.map(Ref.get(state), (current) => Option.fromNullable(current.threatModels.get(id))),
      surveyResponse: (id) =>
        Effect.map(Ref.get(state), (current) => Option.fromNullable(current.surveyResponses.get(id))),
      ownedBy: (userId) =>
        Effect.map(Ref.get(state), (current) => ({
          threatModels: [...current.threatModels.values()].filter((model) => model.owner === userId),
          surveyResponses: [...current.surveyResponses.values()].filter((response) => response.owner === userId)
        })),
      tokenStatus: (token) =>
        Effect.map(Ref.get(state), (current) => Store.tokenStatus(current, Redacted.value(token))),
      requests: Ref.get(journal),
      inject,
      clearFaults: Ref.set(faults, [])
    })
  })

// =============================================================================
// Layers
// =============================================================================

/**
 * A fake with no transport of its own, at {@link inProcessBaseUrl}. Add
 * {@link layerHttpClient} to reach it, or use {@link layerInProcess} for both.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<FakeTmi> => Layer.effect(FakeTmi, make(options))

/**
 * An `HttpClient` that hands every request to the fake's app in this process: real web
 * `Request`s and `Response`s, no socket. The app runs on the runtime this layer is built
 * in, so under `TestClock` the fake's clock (challenge expiry, `Date`, injected latency)
 * is the test's. A dropped connection fails `fetch` as a real one does.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerHttpClient: Layer.Layer<HttpClient.HttpClient, never, FakeTmi> = Layer.unwrapEffect(
  Effect.gen(function*() {
    const fake = yield* FakeTmi
    const runtime = yield* Effect.runtime<never>()
    const handler = HttpApp.toWebHandlerRuntime(runtime)(fake.app)
    const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      const response = await handler(new Request(input, init))
      if (droppedConnections.has(response)) {
        throw new TypeError("fetch failed", {
          cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" })
        })
      }
      return response
    }
    return FetchHttpClient.layer.pipe(Layer.provide(Layer.succeed(FetchHttpClient.Fetch, fetch)))
  })
)

/**
 * A fake and an in-process `HttpClient` that reaches it.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerInProcess = (options: Options = {}): Layer.Layer<FakeTmi | HttpClient.HttpClient> =>
  Layer.provideMerge(layerHttpClient, layer(options))

/**
 * A fake served by whichever `HttpServer` is provided; its base URL is the server's
 * address.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerHttpServer = (options: Options = {}): Layer.Layer<FakeTmi, never, HttpServer.HttpServer> =>
  Layer.scoped(
    FakeTmi,
    Effect.gen(function*() {
      const server = yield* HttpServer.HttpServer
      if (server.address._tag === "UnixAddress") {
        return yield* Effect.dieMessage("FakeTmi.layerHttpServer: the server must listen on TCP, not a Unix socket")
      }
      const fake = yield* make({ ...options, baseUrl: formatBaseUrl(server.address) })
      yield* server.serve(fake.app)
      return fake
    })
  )

/**
 * Where the socket fake listens, besides its {@link Options}.
 *
 * @since 0.1.0
 * @category models
 */
export interface ServerOptions extends Options {
  /** Default 0: a free port, read back from `baseUrl`. */
  readonly port?: number | undefined
  /** A loopback address; default `127.0.0.1`. */
  readonly host?: "127.0.0.1" | "::1" | "localhost" | undefined
}

/**
 * A fake on a real loopback socket, served by `@effect/platform-node` (loaded only when
 * this layer is built, so the in-process layers need no Node server). It only listens on
 * loopback: it hands out tokens to anyone who asks and has no real authentication.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerServer = (options: ServerOptions = {}): Layer.Layer<FakeTmi, ServeError> =>
  Layer.unwrapEffect(
    Effect.map(
      Effect.tryPromise({
        try: () => Promise.all([import("@effect/platform-node/NodeHttpServer"), import("node:http")]),
        catch: (cause) => new PlatformNodeMissing({ cause })
      }).pipe(Effect.orDie),
      ([NodeHttpServer, Http]) =>
        layerHttpServer(options).pipe(
          Layer.provide(
            NodeHttpServer.layer(() => Http.createServer(), {
              port: options.port ?? 0,
              host: options.host ?? "127.0.0.1"
            })
          )
        )
    )
  )

/** `@effect/platform-node` is an optional peer dependency; the socket layer needs it. */
class PlatformNodeMissing extends Data.TaggedError("PlatformNodeMissing")<{ readonly cause: unknown }> {
  override get message() {
    return "FakeTmi.layerServer needs @effect/platform-node: add it to your dev dependencies"
  }
}

const formatBaseUrl = (address: HttpServer.TcpAddress): string => {
  const host = address.hostname.includes(":") ? `[${address.hostname}]` : address.hostname
  return `http://${host}:${address.port}`
}

/**
 * `UsersApi` for one token, pointed at the fake in context. Retries are off unless
 * `config.retry` says otherwise, so a test sees each answer as the fake gave it.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerUsersApi = (
  token: Redacted.Redacted<string>,
  config: Omit<TmiConfig.Options, "baseUrl"> = {}
): Layer.Layer<UsersApi.UsersApi, ConfigError.ConfigError, FakeTmi | HttpClient.HttpClient> =>
  Layer.unwrapEffect(
    Effect.map(FakeTmi, (fake) => TmiClient.layer({ retry: false, ...config, baseUrl: fake.baseUrl, token }))
  )
