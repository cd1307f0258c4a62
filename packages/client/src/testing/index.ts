/**
 * Test layers for code that uses the TMI Users API: a stateful fake server that runs in
 * process or on a loopback socket, the faults it can inject, and a stub `UsersApi` with
 * canned answers.
 *
 * @since 0.1.0
 */

/**
 * A stateful fake TMI server, in process or on a loopback socket.
 *
 * @since 0.1.0
 * @category modules
 */
export * as FakeTmi from "./FakeTmi.js"

/**
 * Faults the fake can inject: error statuses, latency, broken bodies, dropped connections.
 *
 * @since 0.1.0
 * @category modules
 */
export * as Fault from "./Fault.js"

/**
 * A `UsersApi` with canned answers and no HTTP.
 *
 * @since 0.1.0
 * @category modules
 */
export * as StubUsersApi from "./StubUsersApi.js"
