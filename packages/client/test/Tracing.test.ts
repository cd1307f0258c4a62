import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { UsersApi } from "../src/index.js"
import { clientLayer, empty, json, recordingTracer } from "./utils.js"

const target = "550e8400-e29b-41d4-a716-446655440099"

const transferred = json(200, {
  threat_models_transferred: { count: 0, threat_model_ids: [] },
  survey_responses_transferred: { count: 0, survey_response_ids: [] }
})

const transfer = Effect.flatMap(UsersApi.UsersApi, (api) => api.transferCurrentUserOwnership(target))

describe("Tracing", () => {
  it.effect("with a tracer installed, each request gets its http.client span under the operation's, and propagates", () =>
    Effect.gen(function*() {
      const { spans, tracer } = yield* recordingTracer
      const { layer, seen } = clientLayer(() => transferred.clone())

      yield* transfer.pipe(Effect.provide(layer), Effect.withTracer(tracer))

      const operation = spans.find((span) => span.name === "UsersApi.transferCurrentUserOwnership")
      const request = spans.find((span) => span.name === "http.client POST")
      assert.isDefined(operation)
      assert.isDefined(request)
      assert.strictEqual(request?.parent._tag === "Some" && request.parent.value.spanId, operation?.spanId)
      assert.strictEqual(request?.attributes.get("http.response.status_code"), 200)
      assert.strictEqual(seen[0]?.headers.get("traceparent")?.includes(request?.traceId ?? "?"), true)
    }))

  it.effect("with no tracer installed, no http.client span is made and no trace headers are sent", () =>
    Effect.gen(function*() {
      const { layer, seen } = clientLayer(() => transferred.clone())

      const result = yield* transfer.pipe(Effect.provide(layer))

      assert.strictEqual(result.threatModelsTransferred.count, 0)
      assert.isNull(seen[0]?.headers.get("traceparent") ?? null)
      assert.isNull(seen[0]?.headers.get("b3") ?? null)
    }))

  it.effect("the deletion challenge never reaches a span: step 2 gets no http.client span", () =>
    Effect.gen(function*() {
      const { rendered, spans, tracer } = yield* recordingTracer
      const challengeText = "I am user dana+ops@example.com. My challenge token is c2VjcmV0LXRva2Vu-_=."
      const { layer, seen } = clientLayer(() => empty(204))

      yield* Effect.flatMap(UsersApi.UsersApi, (api) => api.deleteUserAccount(challengeText)).pipe(
        Effect.provide(layer),
        Effect.withTracer(tracer)
      )

      assert.strictEqual(seen[0]?.url.searchParams.get("challenge"), challengeText)
      assert.isDefined(spans.find((span) => span.name === "UsersApi.deleteUserAccount"))
      assert.isUndefined(spans.find((span) => span.name.startsWith("http.client")))
      assert.notInclude(rendered(), "dana")
      assert.notInclude(rendered(), "c2VjcmV0LXRva2Vu")
    }))
})
