/**
 * An Effect-native client for the TMI (Threat Modeling Improved) Users API.
 *
 * @since 0.1.0
 */

/**
 * Where the bearer token comes from: a fixed token, `Config`, or an effect that refreshes it.
 *
 * @since 0.1.0
 * @category modules
 */
export * as TmiAuth from "./TmiAuth.js"

/**
 * The whole client in one layer: `UsersApi` over `TmiHttp`, configuration and a token.
 *
 * @since 0.1.0
 * @category modules
 */
export * as TmiClient from "./TmiClient.js"

/**
 * Base URL, timeout, user agent and retry policy.
 *
 * @since 0.1.0
 * @category modules
 */
export * as TmiConfig from "./TmiConfig.js"

/**
 * The typed failures of every operation, one class per meaning.
 *
 * @since 0.1.0
 * @category modules
 */
export * as TmiError from "./TmiError.js"

/**
 * The HTTP stack under `UsersApi`: headers, token, timeout, retries, status to typed error.
 *
 * @since 0.1.0
 * @category modules
 */
export * as TmiHttp from "./TmiHttp.js"

/**
 * The three self-service operations of the TMI Users API.
 *
 * @since 0.1.0
 * @category modules
 */
export * as UsersApi from "./UsersApi.js"
