/**
 * The fake server's state and every change to it, as pure functions: each request reads
 * and replaces the whole state in one `Ref.modify`, so concurrent requests never see half
 * a transfer or half a deletion.
 *
 * @internal
 */
import type { SurveyResponseId, ThreatModelId, UserId } from "@tmi-effect/schema"
import type { Grant, SurveyResponse, ThreatModel, User } from "../FakeTmi.js"

/** @internal */
export interface TokenRecord {
  readonly userId: UserId
  readonly revoked: boolean
}

/** @internal */
export interface PendingChallenge {
  readonly text: string
  /** Epoch milliseconds on the fake's `Clock`. */
  readonly expiresAt: number
}

/** @internal */
export interface RateWindow {
  readonly startedAt: number
  readonly count: number
}

/** @internal */
export interface State {
  readonly users: ReadonlyMap<UserId, User>
  readonly tokens: ReadonlyMap<string, TokenRecord>
  readonly threatModels: ReadonlyMap<ThreatModelId, ThreatModel>
  readonly surveyResponses: ReadonlyMap<SurveyResponseId, SurveyResponse>
  /** One pending challenge per user: a newer one replaces the older, as on the real server. */
  readonly challenges: ReadonlyMap<UserId, PendingChallenge>
  readonly rateWindows: ReadonlyMap<UserId, RateWindow>
}

/** @internal */
export const empty: State = {
  users: new Map(),
  tokens: new Map(),
  threatModels: new Map(),
  surveyResponses: new Map(),
  challenges: new Map(),
  rateWindows: new Map()
}

const withEntry = <K, V>(map: ReadonlyMap<K, V>, key: K, value: V): ReadonlyMap<K, V> => new Map(map).set(key, value)

const withoutEntry = <K, V>(map: ReadonlyMap<K, V>, key: K): ReadonlyMap<K, V> => {
  if (!map.has(key)) return map
  const next = new Map(map)
  next.delete(key)
  return next
}

// =============================================================================
// Users and tokens
// =============================================================================

/** @internal */
export const findUserByEmail = (state: State, email: string): User | undefined => {
  const wanted = email.toLowerCase()
  for (const user of state.users.values()) {
    if (user.email.toLowerCase() === wanted) return user
  }
  return undefined
}

/** @internal */
export const addUser = (state: State, user: User): State => ({ ...state, users: withEntry(state.users, user.id, user) })

/** @internal */
export const addToken = (state: State, token: string, userId: UserId): State => ({
  ...state,
  tokens: withEntry(state.tokens, token, { userId, revoked: false })
})

/** The user a token belongs to, when the token is known, not revoked and its user still exists. @internal */
export const authenticate = (state: State, token: string): User | undefined => {
  const record = state.tokens.get(token)
  return record === undefined || record.revoked ? undefined : state.users.get(record.userId)
}

/** @internal */
export const revokeToken = (state: State, token: string): State => {
  const record = state.tokens.get(token)
  return record === undefined
    ? state
    : { ...state, tokens: withEntry(state.tokens, token, { ...record, revoked: true }) }
}

/** @internal */
export type TokenStatus = "Active" | "Revoked" | "Unknown"

/** @internal */
export const tokenStatus = (state: State, token: string): TokenStatus => {
  const record = state.tokens.get(token)
  if (record === undefined) return "Unknown"
  return record.revoked || !state.users.has(record.userId) ? "Revoked" : "Active"
}

// =============================================================================
// Deletion challenges
// =============================================================================

/** @internal */
export const putChallenge = (state: State, userId: UserId, challenge: PendingChallenge): State => ({
  ...state,
  challenges: withEntry(state.challenges, userId, challenge)
})

/**
 * Accepts `text` only when it equals the user's pending challenge exactly and `now` is
 * before its expiry; the challenge is then used up. A refused text leaves a live
 * challenge in place; an expired one is dropped, as its TTL would drop it on the real
 * server.
 *
 * @internal
 */
export const consumeChallenge = (
  state: State,
  userId: UserId,
  text: string,
  now: number
): readonly [accepted: boolean, next: State] => {
  const pending = state.challenges.get(userId)
  if (pending === undefined) return [false, state]
  const usedUp: State = { ...state, challenges: withoutEntry(state.challenges, userId) }
  if (now >= pending.expiresAt) return [false, usedUp]
  return pending.text === text ? [true, usedUp] : [false, state]
}

// =============================================================================
// Ownership
// =============================================================================

interface Owned {
  readonly owner: UserId
  readonly authorization: ReadonlyArray<Grant>
}

/** `item` with `userId` holding `role` (replacing any grant it had). */
const grant = <A extends Owned>(item: A, userId: UserId, role: Grant["role"]): A => ({
  ...item,
  authorization: [...item.authorization.filter((entry) => entry.userId !== userId), { userId, role }]
})

const revokeGrants = <A extends Owned>(item: A, userId: UserId): A => ({
  ...item,
  authorization: item.authorization.filter((entry) => entry.userId !== userId)
})

const transferItem = <A extends Owned>(item: A, from: UserId, to: UserId): A =>
  grant(grant({ ...item, owner: to }, to, "owner"), from, "writer")

/** Moves every item of `items` that `from` owns to `to`, listing the ids moved. */
const transferAll = <Id, A extends Owned>(
  items: ReadonlyMap<Id, A>,
  from: UserId,
  to: UserId
): readonly [ReadonlyArray<Id>, ReadonlyMap<Id, A>] => {
  const moved: Array<Id> = []
  const next = new Map(items)
  for (const [id, item] of items) {
    if (item.owner !== from) continue
    next.set(id, transferItem(item, from, to))
    moved.push(id)
  }
  return [moved, next]
}

/** @internal */
export interface Transferred {
  readonly threatModelIds: ReadonlyArray<ThreatModelId>
  readonly surveyResponseIds: ReadonlyArray<SurveyResponseId>
}

/**
 * Gives `to` everything `from` owns; `from` keeps writer access to each item.
 *
 * @internal
 */
export const transferOwnership = (state: State, from: UserId, to: UserId): readonly [Transferred, State] => {
  const [threatModelIds, threatModels] = transferAll(state.threatModels, from, to)
  const [surveyResponseIds, surveyResponses] = transferAll(state.surveyResponses, from, to)
  return [{ threatModelIds, surveyResponseIds }, { ...state, threatModels, surveyResponses }]
}

/**
 * Deletes a user as the real server does: each threat model they own passes to another
 * user holding the owner role on it, or is deleted when there is none; their grants on
 * everything else go; their tokens are revoked.
 *
 * The real server's handling of survey responses on deletion is not documented; the fake
 * deletes the ones the user owns.
 *
 * @internal
 */
export const deleteUser = (state: State, userId: UserId): State => {
  const threatModels = new Map<ThreatModelId, ThreatModel>()
  for (const model of state.threatModels.values()) {
    if (model.owner !== userId) {
      threatModels.set(model.id, revokeGrants(model, userId))
      continue
    }
    const heir = model.authorization.find((entry) => entry.role === "owner" && entry.userId !== userId)
    if (heir !== undefined) threatModels.set(model.id, revokeGrants({ ...model, owner: heir.userId }, userId))
  }
  const surveyResponses = new Map<SurveyResponseId, SurveyResponse>()
  for (const response of state.surveyResponses.values()) {
    if (response.owner !== userId) surveyResponses.set(response.id, revokeGrants(response, userId))
  }
  const tokens = new Map(state.tokens)
  for (const [token, record] of state.tokens) {
    if (record.userId === userId) tokens.set(token, { ...record, revoked: true })
  }
  return {
    users: withoutEntry(state.users, userId),
    tokens,
    threatModels,
    surveyResponses,
    challenges: withoutEntry(state.challenges, userId),
    rateWindows: withoutEntry(state.rateWindows, userId)
  }
}

// =============================================================================
// Rate limiting
// =============================================================================

/** @internal */
export interface RatePolicy {
  readonly limit: number
  readonly windowMillis: number
}

/** @internal */
export interface RateStatus {
  readonly allowed: boolean
  readonly limit: number
  readonly remaining: number
  /** Epoch milliseconds when the window resets. */
  readonly resetAt: number
}

/**
 * Counts one request of `userId` in a fixed window.
 *
 * @internal
 */
export const countRequest = (
  state: State,
  userId: UserId,
  now: number,
  policy: RatePolicy
): readonly [RateStatus, State] => {
  const current = state.rateWindows.get(userId)
  const window = current === undefined || now >= current.startedAt + policy.windowMillis
    ? { startedAt: now, count: 0 }
    : current
  const allowed = window.count < policy.limit
  const next = allowed ? { ...window, count: window.count + 1 } : window
  return [
    {
      allowed,
      limit: policy.limit,
      remaining: policy.limit - next.count,
      resetAt: next.startedAt + policy.windowMillis
    },
    { ...state, rateWindows: withEntry(state.rateWindows, userId, next) }
  ]
}
