/**
 * Test layers for code that uses the TMI Users API: a stateful fake server that runs in
 * process or on a loopback socket, the faults it can inject, and a stub `UsersApi` with
 * canned answers.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as FakeTmi from "./FakeTmi.js"

/**
 * @since 0.1.0
 */
export * as Fault from "./Fault.js"

/**
 * @since 0.1.0
 */
export * as StubUsersApi from "./StubUsersApi.js"
