/**
 * The request of an ownership transfer.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { UserId } from "./Ids.js"

/**
 * The body of `POST /me/transfer`: who receives every threat model and survey response
 * the caller owns.
 *
 * @since 0.1.0
 * @category models
 */
export class TransferOwnershipRequest extends Schema.Class<TransferOwnershipRequest>("TransferOwnershipRequest")({
  targetUserId: Schema.propertySignature(UserId).pipe(Schema.fromKey("target_user_id"))
}) {}
