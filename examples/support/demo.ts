/**
 * The people and work the examples start with on the fake TMI server.
 */
import type { FakeTmi } from "@tmi-effect/client/testing"
import { Effect } from "effect"

/**
 * Alice owns two threat models (one co-owned with Carol, one where Bob may write) and a
 * survey response; Bob owns one threat model; Carol owns nothing yet. Alice's email has a
 * `+` in it, as real ones may.
 */
export const seedDemo = (fake: FakeTmi.Service) =>
  Effect.gen(function*() {
    const alice = yield* fake.createUser({ email: "alice+demo@example.com", name: "Alice" })
    const bob = yield* fake.createUser({ email: "bob@example.com", name: "Bob" })
    const carol = yield* fake.createUser({ email: "carol@example.com", name: "Carol" })
    yield* fake.createThreatModel({
      owner: alice.id,
      name: "Payments API",
      authorization: [{ userId: carol.id, role: "owner" }]
    })
    yield* fake.createThreatModel({
      owner: alice.id,
      name: "Mobile app",
      authorization: [{ userId: bob.id, role: "writer" }]
    })
    yield* fake.createSurveyResponse({ owner: alice.id })
    yield* fake.createThreatModel({ owner: bob.id, name: "Data platform" })
    return { alice, bob, carol }
  })
