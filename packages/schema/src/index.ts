/**
 * Effect Schemas for the models of the TMI Users API. TypeScript names are camelCase,
 * wire names stay snake_case; decoding drops properties a newer server adds, encoding
 * writes exactly what the contract defines.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * from "./DeletionChallenge.js"

/**
 * @since 0.1.0
 */
export * from "./ErrorBody.js"

/**
 * @since 0.1.0
 */
export * from "./Ids.js"

/**
 * @since 0.1.0
 */
export * from "./Text.js"

/**
 * @since 0.1.0
 */
export * from "./TransferOwnershipRequest.js"

/**
 * @since 0.1.0
 */
export * from "./TransferOwnershipResult.js"
