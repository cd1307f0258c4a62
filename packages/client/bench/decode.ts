/**
 * Decode cost: the client's decoding of the largest valid `TransferOwnershipResult`
 * (10,000 + 10,000 ids) from its text, against `JSON.parse` of the same text alone,
 * interleaved in rounds. Prints the median milliseconds of each.
 *
 * Usage: decode.ts ROUNDS
 */
import { Headers } from "@effect/platform"
import { TmiHttp } from "@tmi-effect/client"
import { TransferOwnershipResult } from "@tmi-effect/schema"
import { Effect, Either, Redacted } from "effect"
import { largestTransferResult, token } from "./fixtures.js"
import { median, round } from "./stats.js"

export interface DecodeResult {
  readonly bodyBytes: number
  readonly schemaDecodeMillis: number
  readonly jsonParseMillis: number
}

const rounds = Number(process.argv[2] ?? "15")

const text = largestTransferResult()
const answer: TmiHttp.Answer = { status: 200, headers: Headers.empty, text, token: Redacted.make(token) }
const decode = TmiHttp.decodeJson("transferCurrentUserOwnership", TransferOwnershipResult)

const decodeOnce = () => {
  const decoded = Effect.runSync(Effect.either(decode(answer)))
  if (Either.isLeft(decoded) || decoded.right.threatModelsTransferred.threatModelIds.length !== 10_000) {
    throw new Error("the largest valid result did not decode")
  }
}

const parseOnce = () => {
  const parsed = JSON.parse(text) as { threat_models_transferred: { threat_model_ids: Array<string> } }
  if (parsed.threat_models_transferred.threat_model_ids.length !== 10_000) throw new Error("parse lost ids")
}

const time = (f: () => void) => {
  const start = performance.now()
  f()
  return performance.now() - start
}

for (let i = 0; i < 5; i++) {
  decodeOnce()
  parseOnce()
}
const schemaSamples: Array<number> = []
const parseSamples: Array<number> = []
for (let r = 0; r < rounds; r++) {
  if (r % 2 === 0) {
    schemaSamples.push(time(decodeOnce))
    parseSamples.push(time(parseOnce))
  } else {
    parseSamples.push(time(parseOnce))
    schemaSamples.push(time(decodeOnce))
  }
}
const result: DecodeResult = {
  bodyBytes: Buffer.byteLength(text),
  schemaDecodeMillis: round(median(schemaSamples), 2),
  jsonParseMillis: round(median(parseSamples), 2)
}
process.stdout.write(`${JSON.stringify(result)}\n`)
