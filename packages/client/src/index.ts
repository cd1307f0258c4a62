/**
 * An Effect-native client for the TMI (Threat Modeling Improved) Users API.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as TmiAuth from "./TmiAuth.js"

/**
 * @since 0.1.0
 */
export * as TmiClient from "./TmiClient.js"

/**
 * @since 0.1.0
 */
export * as TmiConfig from "./TmiConfig.js"

/**
 * @since 0.1.0
 */
export * as TmiError from "./TmiError.js"

/**
 * @since 0.1.0
 */
export * as TmiHttp from "./TmiHttp.js"

/**
 * @since 0.1.0
 */
export * as UsersApi from "./UsersApi.js"
