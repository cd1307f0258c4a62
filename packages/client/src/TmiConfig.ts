/**
 * Where the client sends requests and how patiently: base URL, timeout, user agent and
 * retry policy.
 *
 * @since 0.1.0
 */
import { Config, ConfigError, Context, Duration, Effect, Either, Layer, Option } from "effect"

/**
 * The production TMI server.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultBaseUrl = "https://api.tmi.dev"

/**
 * Sent as `User-Agent` unless told otherwise. A test holds it to the package's version.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultUserAgent = "tmi-effect/0.1.0"

/**
 * How failed attempts are retried. Only answers and faults that are safe to repeat are
 * retried: see the README's "Failure handling".
 *
 * @since 0.1.0
 * @category models
 */
export interface RetryOptions {
  /** Attempts in all, the first included. Default 3. */
  readonly maxAttempts?: number | undefined
  /** First backoff after a transport fault; doubles per attempt, with jitter. Default 250 ms. */
  readonly baseDelay?: Duration.DurationInput | undefined
  /** Longest backoff after a transport fault. Default 5 s. */
  readonly maxDelay?: Duration.DurationInput | undefined
  /**
   * Longest `Retry-After` that is waited for on 429 and 503. A longer one is not waited
   * for: the error is returned at once, carrying it. Default 60 s.
   */
  readonly maxRetryAfter?: Duration.DurationInput | undefined
}

/**
 * What a caller may set; every field has a default.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Default {@link defaultBaseUrl}. Plain `http:` is refused unless the host is loopback or `allowInsecureHttp` is set. */
  readonly baseUrl?: string | URL | undefined
  /** Limit for one attempt, the body included. Default 30 s. */
  readonly timeout?: Duration.DurationInput | undefined
  /** Sent as `User-Agent`. Default {@link defaultUserAgent}. */
  readonly userAgent?: string | undefined
  /** Allow plain `http:` to a host that is not loopback. Default false. */
  readonly allowInsecureHttp?: boolean | undefined
  /** `false` turns retries off. */
  readonly retry?: RetryOptions | false | undefined
}

/**
 * A retry policy with every default filled in.
 *
 * @since 0.1.0
 * @category models
 */
export interface RetryPolicy {
  readonly maxAttempts: number
  readonly baseDelay: Duration.Duration
  readonly maxDelay: Duration.Duration
  readonly maxRetryAfter: Duration.Duration
}

/**
 * The resolved configuration.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** Base URL without a trailing slash. */
  readonly baseUrl: string
  readonly timeout: Duration.Duration
  readonly userAgent: string
  /** `None` when retries are off. */
  readonly retry: Option.Option<RetryPolicy>
}

/**
 * The configuration every request is sent with.
 *
 * @since 0.1.0
 * @category tags
 */
export class TmiConfig extends Context.Tag("@tmi-effect/client/TmiConfig")<TmiConfig, Service>() {}

const loopbackHosts = new Set(["localhost", "[::1]"])

const isLoopback = (hostname: string): boolean => loopbackHosts.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname)

const parseBaseUrl = (
  input: string | URL,
  allowInsecureHttp: boolean
): Either.Either<string, ConfigError.ConfigError> => {
  const invalid = (why: string) => Either.left(ConfigError.InvalidData(["baseUrl"], why))
  let url: URL
  try {
    url = new URL(input)
  } catch {
    return invalid("is not an absolute URL")
  }
  if (url.username !== "" || url.password !== "") return invalid("must not carry credentials")
  if (url.search !== "" || url.hash !== "") return invalid("must not carry a query or a fragment")
  if (url.protocol === "http:" && !allowInsecureHttp && !isLoopback(url.hostname)) {
    return invalid(`plain http is refused for ${url.hostname}: use https, a loopback host, or allowInsecureHttp`)
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return invalid(`unsupported protocol ${url.protocol}`)
  return Either.right(url.href.replace(/\/+$/, ""))
}

const positiveInt = (value: number, path: string): Either.Either<number, ConfigError.ConfigError> =>
  Number.isInteger(value) && value >= 1
    ? Either.right(value)
    : Either.left(ConfigError.InvalidData([path], "must be a whole number of at least 1"))

/**
 * Resolves options against the defaults, refusing a base URL that is not absolute, carries
 * credentials, or is plain `http:` to a host that is not loopback.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}): Effect.Effect<Service, ConfigError.ConfigError> =>
  Effect.gen(function*() {
    const baseUrl = yield* parseBaseUrl(options.baseUrl ?? defaultBaseUrl, options.allowInsecureHttp ?? false)
    const retry = options.retry === false
      ? Option.none()
      : Option.some<RetryPolicy>({
        maxAttempts: yield* positiveInt(options.retry?.maxAttempts ?? 3, "retry.maxAttempts"),
        baseDelay: Duration.decode(options.retry?.baseDelay ?? "250 millis"),
        maxDelay: Duration.decode(options.retry?.maxDelay ?? "5 seconds"),
        maxRetryAfter: Duration.decode(options.retry?.maxRetryAfter ?? "60 seconds")
      })
    return TmiConfig.of({
      baseUrl,
      timeout: Duration.decode(options.timeout ?? "30 seconds"),
      userAgent: options.userAgent ?? defaultUserAgent,
      retry
    })
  })

/**
 * The configuration from options, defaults filled in; an invalid base URL fails the layer.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<TmiConfig, ConfigError.ConfigError> =>
  Layer.effect(TmiConfig, make(options))

/**
 * Builds the configuration from `Config` values, for example
 * `{ baseUrl: Config.string("TMI_BASE_URL") }`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (options: Config.Config.Wrap<Options>): Layer.Layer<TmiConfig, ConfigError.ConfigError> =>
  Layer.effect(TmiConfig, Effect.flatMap(Config.unwrap(options), make))

/**
 * The base URL from `TMI_BASE_URL`, defaulting to {@link defaultBaseUrl}; everything else
 * at its default.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerFromEnv: Layer.Layer<TmiConfig, ConfigError.ConfigError> = layerConfig({
  baseUrl: Config.string("TMI_BASE_URL").pipe(Config.withDefault(defaultBaseUrl))
})
