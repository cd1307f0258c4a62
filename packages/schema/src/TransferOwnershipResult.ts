/**
 * The result of an ownership transfer: which threat models and survey responses moved.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { SurveyResponseId, ThreatModelId, uuidList } from "./Ids.js"

/**
 * The most ids the contract allows in one transferred list.
 *
 * @since 0.1.0
 * @category constants
 */
export const maxTransferredIds = 10_000

const TransferCount = Schema.Int.pipe(Schema.nonNegative())

/**
 * The threat models an ownership transfer moved.
 *
 * @since 0.1.0
 * @category models
 */
export class ThreatModelsTransferred extends Schema.Class<ThreatModelsTransferred>("ThreatModelsTransferred")({
  count: TransferCount,
  threatModelIds: Schema.propertySignature(uuidList(ThreatModelId, maxTransferredIds)).pipe(
    Schema.fromKey("threat_model_ids")
  )
}) {}

/**
 * The survey responses an ownership transfer moved.
 *
 * @since 0.1.0
 * @category models
 */
export class SurveyResponsesTransferred extends Schema.Class<SurveyResponsesTransferred>("SurveyResponsesTransferred")({
  count: TransferCount,
  surveyResponseIds: Schema.propertySignature(uuidList(SurveyResponseId, maxTransferredIds)).pipe(
    Schema.fromKey("survey_response_ids")
  )
}) {}

/**
 * The answer of `POST /me/transfer`: what now belongs to the target user. The caller
 * keeps writer access to each item.
 *
 * @since 0.1.0
 * @category models
 */
export class TransferOwnershipResult extends Schema.Class<TransferOwnershipResult>("TransferOwnershipResult")({
  threatModelsTransferred: Schema.propertySignature(ThreatModelsTransferred).pipe(
    Schema.fromKey("threat_models_transferred")
  ),
  surveyResponsesTransferred: Schema.propertySignature(SurveyResponsesTransferred).pipe(
    Schema.fromKey("survey_responses_transferred")
  )
}) {}
