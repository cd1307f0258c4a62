/**
 * Branded UUID identifiers used by the TMI Users API.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * The internal UUID of a TMI user.
 *
 * @since 0.1.0
 * @category ids
 */
export const UserId = Schema.UUID.pipe(Schema.brand("@tmi-effect/UserId"))

/**
 * A user id: a UUID string, branded.
 *
 * @since 0.1.0
 * @category ids
 */
export type UserId = typeof UserId.Type

/**
 * The UUID of a threat model.
 *
 * @since 0.1.0
 * @category ids
 */
export const ThreatModelId = Schema.UUID.pipe(Schema.brand("@tmi-effect/ThreatModelId"))

/**
 * A threat model id: a UUID string, branded.
 *
 * @since 0.1.0
 * @category ids
 */
export type ThreatModelId = typeof ThreatModelId.Type

/**
 * The UUID of a survey response.
 *
 * @since 0.1.0
 * @category ids
 */
export const SurveyResponseId = Schema.UUID.pipe(Schema.brand("@tmi-effect/SurveyResponseId"))

/**
 * A survey response id: a UUID string, branded.
 *
 * @since 0.1.0
 * @category ids
 */
export type SurveyResponseId = typeof SurveyResponseId.Type
