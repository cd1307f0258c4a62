/**
 * Spans only where someone records them.
 *
 * @internal
 */
import { Context, DefaultServices, Effect, Tracer } from "effect"

/** Effect's own tracer, in place when none is installed: it keeps spans in memory and exports them nowhere. */
const builtInTracer = Context.get(DefaultServices.liveServices, Tracer.Tracer)

/**
 * Runs `traced` when the fiber has a tracer installed and `untraced` under the built-in one.
 * A span costs a measurable share of a loopback call (ids, attributes, a context entry, its
 * end), and under the built-in tracer nothing ever reads it.
 *
 * @internal
 */
export const ifTraced = <A, E, R>(
  traced: () => Effect.Effect<A, E, R>,
  untraced: () => Effect.Effect<A, E, R>
): Effect.Effect<A, E, R> => Effect.tracerWith((tracer) => (tracer === builtInTracer ? untraced() : traced()))

/**
 * `Effect.withSpan(name)` when a tracer is installed; the effect as it is otherwise. The
 * trade-off, with no tracer: a failure's `Cause.pretty` lists no `UsersApi.*` frame (the
 * error's own message still names the operation).
 *
 * @internal
 */
export const withOperationSpan = (name: string) => <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  ifTraced(() => Effect.withSpan(self, name, { captureStackTrace: false }), () => self)
