/**
 * Canned wire bodies shared by the loopback server and the decode figure, so every side of
 * a comparison reads the same bytes.
 */
import { randomUUID } from "node:crypto"

export const targetUserId = "5f2b7c1e-9a43-4d6b-8e21-3c4f5a6b7d80"

export const token = "bench-token-0b6f1c2d3e4a5b6c7d8e9f00"

/** The small answer of `POST /me/transfer` every latency and throughput call gets. */
export const smallTransferResult = JSON.stringify({
  threat_models_transferred: {
    count: 2,
    threat_model_ids: ["0c6f0a52-33d4-4b1e-9f3a-6a1b2c3d4e5f", "1d7e1b63-44e5-4c2f-8a4b-7b2c3d4e5f60"]
  },
  survey_responses_transferred: { count: 1, survey_response_ids: ["2e8f2c74-55f6-4d30-9b5c-8c3d4e5f6071"] }
})

/** A step-1 challenge as the real server words it, valid for three minutes from `now`. */
export const challengeBody = (now: number): string =>
  JSON.stringify({
    challenge_text: "I am user alice+bench@example.com. I want to delete all my data. This cannot be undone. "
      + "My challenge token is q3Jx-9vKc_T2mW8pL5nR1sYb4uE7hA0dF6gZ3iO2kN8=.",
    expires_at: new Date(now + 180_000).toISOString().replace("Z", "123Z")
  })

/** The largest `TransferOwnershipResult` the contract allows: 10,000 ids in each list. */
export const largestTransferResult = (): string => {
  const ids = (n: number) => Array.from({ length: n }, () => randomUUID())
  return JSON.stringify({
    threat_models_transferred: { count: 10_000, threat_model_ids: ids(10_000) },
    survey_responses_transferred: { count: 10_000, survey_response_ids: ids(10_000) }
  })
}
