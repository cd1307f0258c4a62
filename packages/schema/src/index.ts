/**
 * Effect Schemas for the models of the TMI Users API. TypeScript names are camelCase,
 * wire names stay snake_case; decoding drops properties a newer server adds, encoding
 * writes exactly what the contract defines.
 *
 * @since 0.1.0
 */

/**
 * The challenge of two-step account deletion and the contract's date-time format.
 *
 * @since 0.1.0
 * @category modules
 */
export * from "./DeletionChallenge.js"

/**
 * The contract's standard error body.
 *
 * @since 0.1.0
 * @category modules
 */
export * from "./ErrorBody.js"

/**
 * Branded UUID identifiers: users, threat models, survey responses.
 *
 * @since 0.1.0
 * @category modules
 */
export * from "./Ids.js"

/**
 * The contract's constraints on free-form text.
 *
 * @since 0.1.0
 * @category modules
 */
export * from "./Text.js"

/**
 * The body of an ownership transfer.
 *
 * @since 0.1.0
 * @category modules
 */
export * from "./TransferOwnershipRequest.js"

/**
 * What an ownership transfer moved.
 *
 * @since 0.1.0
 * @category modules
 */
export * from "./TransferOwnershipResult.js"
